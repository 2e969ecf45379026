import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The PostgreSQL store's benchmark, run by {@code bench/run --postgres}: the same cases as
 * {@code bench/Bench.java} (GET one, first page, POST, 90/10 mix; 1,000 books) for, in one run,
 * one SQLite node (synchronous=FULL, the durable comparison), one PostgreSQL node, one PostgreSQL
 * node behind haproxy, and three PostgreSQL nodes behind haproxy. PostgreSQL is a throwaway server
 * (Debian's binaries, initdb in a temp folder) with fsync and synchronous_commit on: a 2xx POST is
 * on disk. Besides req/s and latency it reports the CPU each request cost, read from /proc, in the
 * Shelf processes and in PostgreSQL's, so a reader can size a deployment on other machines.
 */
public class PgBench {

  record Result(String setup, String name, double reqPerSec, double p50Ms, double p99Ms, long errors,
                double shelfCpuUsPerReq, double pgCpuUsPerReq) {
  }

  static final Pattern WRK_RESULT = Pattern.compile("WRK_RESULT (\\{.*})");
  static final HttpClient HTTP = HttpClient.newHttpClient();
  static final long ROWS = 1_000;

  final Path jar = Path.of(System.getenv().getOrDefault("SHELF_JAR", "target/shelf.jar")).toAbsolutePath();
  final int seconds = Integer.parseInt(System.getenv().getOrDefault("BENCH_SECONDS", "10"));
  final int warmup = Integer.parseInt(System.getenv().getOrDefault("BENCH_WARMUP", "6"));
  final int connections = Integer.parseInt(System.getenv().getOrDefault("BENCH_CONNECTIONS", "64"));
  final int jvmWarmup = Integer.parseInt(System.getenv().getOrDefault("BENCH_JVM_WARMUP", "8"));
  final Path tmp;
  final Path pgBin;
  final boolean root = "root".equals(System.getProperty("user.name"));
  final List<Process> processes = new ArrayList<>();
  final List<Process> nodes = new ArrayList<>();
  final List<Result> results = new ArrayList<>();
  int pgPort;

  PgBench(Path tmp, Path pgBin) {
    this.tmp = tmp;
    this.pgBin = pgBin;
  }

  public static void main(String[] args) throws Exception {
    Path tmp = Files.createTempDirectory("shelf-pgbench");
    Files.setPosixFilePermissions(tmp, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
    Path bin;
    try (var versions = Files.list(Path.of("/usr/lib/postgresql"))) {
      bin = versions.map(v -> v.resolve("bin")).filter(b -> Files.isExecutable(b.resolve("initdb"))).sorted()
          .reduce((a, b) -> b).orElseThrow(() -> new IllegalStateException("apt-get install postgresql"));
    }
    PgBench bench = new PgBench(tmp, bin);
    String loadBefore = load();
    System.out.println("load average before: " + loadBefore);
    Runtime.getRuntime().addShutdownHook(new Thread(bench::stopAll));
    try {
      bench.run();
    } finally {
      bench.stopAll();
      // The node logs (access log included) reach hundreds of MB per run: keep them only when asked.
      if (System.getenv("BENCH_KEEP") == null) {
        bench.deleteTmp();
      } else {
        System.out.println("logs kept in " + tmp);
      }
    }
    bench.report(loadBefore, load());
  }

  void deleteTmp() {
    try (var files = Files.walk(tmp)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    } catch (IOException e) {
      System.err.println("could not delete " + tmp + ": " + e.getMessage());
    }
  }

  void run() throws Exception {
    startPostgres();
    int sqlite = startNode("sqlite", Map.of("SHELF_DB_PATH", tmp.resolve("sqlite/shelf.db").toString(),
        "SHELF_DB_SYNCHRONOUS", "FULL"));
    seedThroughApi(sqlite);
    measureAll("SQLite, 1 node (FULL)", sqlite, 1);
    stopNodes();

    psql("postgres", "CREATE DATABASE shelf");
    Map<String, String> pg = Map.of("SHELF_DB_KIND", "postgres", "SHELF_DB_URL",
        "postgresql://shelf@127.0.0.1:" + pgPort + "/shelf");
    int one = startNode("pg1", pg);
    seedThroughApi(one);
    measureAll("PostgreSQL, 1 node", one, 1);
    int balancer = startHaproxy(List.of(one));
    measureAll("PostgreSQL, 1 node + haproxy", balancer, 0);
    stopNodes();

    List<Integer> three = new ArrayList<>();
    for (int i = 1; i <= 3; i++) {
      three.add(startNode("pg3-" + i, pg));
    }
    balancer = startHaproxy(three);
    measureAll("PostgreSQL, 3 nodes + haproxy", balancer, 3);
    stopNodes();
  }

  /** {@code freshJvms}: how many just-started nodes serve {@code port}; each gets its share of JIT warm-up first. */
  void measureAll(String setup, int port, int freshJvms) throws Exception {
    if (freshJvms > 0) {
      warm(port, jvmWarmup * freshJvms);
    }
    results.add(measure(setup, "GET /books/{id}", port, "get_random.lua", String.valueOf(ROWS)));
    results.add(measure(setup, "GET /books?limit=20 (first page)", port, "get_path.lua", "/books?limit=20"));
    results.add(measure(setup, "POST /books (durable)", port, "post.lua"));
    results.add(measure(setup, "90% GET / 10% POST", port, "mix.lua", String.valueOf(ROWS)));
  }

  /**
   * Unmeasured load until the JIT has compiled the hot paths: a cold JVM spends most of its CPU
   * compiling (three cold nodes measured straight away showed 7 ms of CPU per GET). Reads, then the
   * write path through the 90/10 mix.
   */
  void warm(int port, int seconds) throws Exception {
    wrk(script("get_random.lua"), port, seconds, String.valueOf(ROWS));
    wrk(script("mix.lua"), port, Math.max(2, seconds / 2), String.valueOf(ROWS));
  }

  Result measure(String setup, String name, int port, String script, String... args) throws Exception {
    Path lua = script(script);
    if (warmup > 0) {
      wrk(lua, port, warmup, args);
    }
    long shelfBefore = cpuTicks(shelfPids());
    long pgBefore = cpuTicks(postgresPids());
    String json = wrk(lua, port, seconds, args);
    long shelfTicks = cpuTicks(shelfPids()) - shelfBefore;
    long pgTicks = cpuTicks(postgresPids()) - pgBefore;
    double durationS = num(json, "duration_us") / 1e6;
    double requests = num(json, "requests");
    long errors = (long) (num(json, "socket_errors") + num(json, "non2xx"));
    double ticksToUs = 1e6 / 100.0;
    Result r = new Result(setup, name, (requests - num(json, "non2xx")) / durationS, num(json, "p50_us") / 1000,
        num(json, "p99_us") / 1000, errors, shelfTicks * ticksToUs / requests, pgTicks * ticksToUs / requests);
    System.out.printf(Locale.ROOT, "  %-32s %-34s %9.0f req/s  p50 %6.2f ms  p99 %7.2f ms  errors %d  CPU/req: Shelf %5.0f us,"
        + " PostgreSQL %5.0f us%n", setup, name, r.reqPerSec(), r.p50Ms(), r.p99Ms(), errors, r.shelfCpuUsPerReq(),
        r.pgCpuUsPerReq());
    return r;
  }

  Path script(String name) throws IOException {
    Path lua = tmp.resolve(name);
    Files.writeString(lua, Files.readString(Path.of("bench/lua", name)) + "\n" + Files.readString(Path.of("bench/lua/report.lua")));
    return lua;
  }

  String wrk(Path lua, int port, int duration, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("wrk", "-t2", "-c" + connections, "-d" + duration + "s",
        "--timeout", "5s", "-s", lua.toString(), "http://127.0.0.1:" + port));
    if (args.length > 0) {
      command.add("--");
      command.addAll(List.of(args));
    }
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    if (!p.waitFor(duration + 30L, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IllegalStateException("wrk failed: " + out);
    }
    Matcher m = WRK_RESULT.matcher(out);
    if (!m.find()) {
      throw new IllegalStateException("no result from wrk: " + out);
    }
    return m.group(1);
  }

  /** initdb (as the postgres user when root) and start with fsync and synchronous_commit on, PostgreSQL's defaults. */
  void startPostgres() throws Exception {
    if (root) {
      run(List.of("chown", "postgres:postgres", tmp.toString()));
    }
    pgPort = freePort();
    asOwner(List.of(pgBin.resolve("initdb").toString(), "-D", tmp.resolve("pg").toString(), "-U", "shelf",
        "--auth=trust", "--encoding=UTF8", "--locale=C.UTF-8"));
    asOwner(List.of(pgBin.resolve("pg_ctl").toString(), "-D", tmp.resolve("pg").toString(), "-l",
        tmp.resolve("postgres.log").toString(), "-w", "-o", "-p " + pgPort + " -k " + tmp
            + " -c listen_addresses=127.0.0.1 -c max_connections=200 -c shared_buffers=128MB", "start"));
  }

  void psql(String database, String sql) throws Exception {
    run(List.of(pgBin.resolve("psql").toString(), "-X", "-q", "-h", tmp.toString(), "-p", String.valueOf(pgPort),
        "-U", "shelf", "-d", database, "-c", sql));
  }

  int startNode(String name, Map<String, String> env) throws Exception {
    int port = freePort();
    ProcessBuilder builder = new ProcessBuilder(java(), "-Xmx256m", "-jar", jar.toString()).redirectErrorStream(true)
        .redirectOutput(tmp.resolve(name + ".log").toFile());
    builder.environment().putAll(env);
    builder.environment().put("SHELF_HTTP_PORT", String.valueOf(port));
    Process node = builder.start();
    processes.add(node);
    nodes.add(node);
    awaitReady(port, "/health/ready");
    return port;
  }

  /** haproxy with deploy/haproxy.cfg's settings, routing to {@code nodes}. */
  int startHaproxy(List<Integer> nodes) throws Exception {
    int port = freePort();
    StringBuilder config = new StringBuilder();
    boolean placed = false;
    for (String line : Files.readAllLines(Path.of("deploy/haproxy.cfg"))) {
      if (line.strip().startsWith("bind ")) {
        config.append("    bind 127.0.0.1:").append(port).append('\n');
      } else if (line.strip().startsWith("server node")) {
        for (int i = 0; !placed && i < nodes.size(); i++) {
          config.append("    server node").append(i + 1).append(" 127.0.0.1:").append(nodes.get(i)).append('\n');
        }
        placed = true;
      } else {
        config.append(line).append('\n');
      }
    }
    Path cfg = Files.writeString(tmp.resolve("haproxy-" + port + ".cfg"), config.toString());
    processes.add(new ProcessBuilder("haproxy", "-f", cfg.toString()).redirectErrorStream(true)
        .redirectOutput(tmp.resolve("haproxy-" + port + ".log").toFile()).start());
    awaitReady(port, "/health/ready");
    return port;
  }

  /** The 1,000 books, through the API in one import, so both stores hold the same rows. */
  static void seedThroughApi(int port) throws Exception {
    StringBuilder csv = new StringBuilder("title,author,year\r\n");
    for (long i = 1; i <= ROWS; i++) {
      csv.append("Title ").append(Long.toString(i * 7919 % ROWS, 36)).append(",Author ").append(i % 997).append(',')
          .append(i % 10 == 0 ? "" : String.valueOf(1900 + i % 125)).append("\r\n");
    }
    HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/books/import"))
        .header("Content-Type", "text/csv").POST(HttpRequest.BodyPublishers.ofString(csv.toString())).build(),
        HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 201) {
      throw new IllegalStateException("seeding failed: " + r.statusCode() + " " + r.body());
    }
  }

  void stopNodes() throws InterruptedException {
    for (Process p : List.copyOf(processes)) {
      p.destroy();
      if (!p.waitFor(20, TimeUnit.SECONDS)) {
        p.destroyForcibly();
      }
      processes.remove(p);
    }
    nodes.clear();
  }

  void stopAll() {
    processes.forEach(Process::destroyForcibly);
    try {
      if (Files.exists(tmp.resolve("pg/postmaster.pid"))) {
        asOwner(List.of(pgBin.resolve("pg_ctl").toString(), "-D", tmp.resolve("pg").toString(), "-m", "fast", "-w", "stop"));
      }
    } catch (Exception e) {
      System.err.println("could not stop PostgreSQL: " + e.getMessage());
    }
  }

  List<Long> shelfPids() {
    return nodes.stream().filter(Process::isAlive).map(Process::pid).toList();
  }

  /** Every process of the PostgreSQL server: the postmaster and its children (one backend per connection). */
  List<Long> postgresPids() throws IOException {
    List<Long> pids = new ArrayList<>();
    long postmaster = Long.parseLong(Files.readAllLines(tmp.resolve("pg/postmaster.pid")).get(0).strip());
    pids.add(postmaster);
    ProcessHandle.of(postmaster).ifPresent(p -> p.children().forEach(child -> pids.add(child.pid())));
    return pids;
  }

  /** User + system CPU of these processes, in clock ticks (1/100 s), from /proc/PID/stat. */
  static long cpuTicks(List<Long> pids) {
    long ticks = 0;
    for (long pid : pids) {
      try {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        ticks += Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
      } catch (IOException | RuntimeException gone) {
        // A backend that exited meanwhile: its time is lost, a small undercount.
      }
    }
    return ticks;
  }

  void report(String loadBefore, String loadAfter) throws IOException {
    StringBuilder md = new StringBuilder("| setup | case | req/s | p50 ms | p99 ms | errors | Shelf CPU µs/req | PostgreSQL CPU µs/req |\n"
        + "|---|---|---:|---:|---:|---:|---:|---:|\n");
    for (Result r : results) {
      md.append(String.format(Locale.ROOT, "| %s | %s | %.0f | %.2f | %.2f | %d | %.0f | %.0f |%n", r.setup(), r.name(),
          r.reqPerSec(), r.p50Ms(), r.p99Ms(), r.errors(), r.shelfCpuUsPerReq(), r.pgCpuUsPerReq()));
    }
    md.append(String.format(Locale.ROOT, "%n%d s per case after %d s warm-up, wrk -t2 -c%d, %d cores; load before %s, after %s%n",
        seconds, warmup, connections, Runtime.getRuntime().availableProcessors(), loadBefore, loadAfter));
    System.out.print("\n" + md);
    Files.createDirectories(Path.of("bench/results"));
    Files.writeString(Path.of("bench/results/postgres-latest.md"), md);
    System.out.println("written to bench/results/postgres-latest.md");
  }

  void asOwner(List<String> command) throws Exception {
    List<String> full = new ArrayList<>();
    if (root) {
      full.addAll(List.of("runuser", "-u", "postgres", "--"));
    }
    full.addAll(command);
    run(full);
  }

  static void run(List<String> command) throws Exception {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
    }
  }

  static void awaitReady(int port, String path) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    while (System.nanoTime() < deadline) {
      try {
        HttpResponse<Void> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
            HttpResponse.BodyHandlers.discarding());
        if (r.statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException("nothing ready on port " + port);
  }

  static double num(String json, String key) {
    Matcher m = Pattern.compile("\"" + key + "\":(-?[0-9.]+)").matcher(json);
    if (!m.find()) {
      throw new IllegalStateException(key + " missing in " + json);
    }
    return Double.parseDouble(m.group(1));
  }

  static String load() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).trim();
    } catch (IOException e) {
      return "unknown";
    }
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }
}
