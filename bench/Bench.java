import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Shelf's benchmark driver, run by {@code bench/run}. Starts the baseline and the real fat jar
 * (with -Xmx256m) on fresh databases in a temp folder, seeds them in one transaction, drives each
 * case with wrk on loopback after a warm-up, and reports req/s, p50, p99, errors and the ratio to
 * the baseline measured in the same run. Everything it starts is stopped at the end.
 */
public class Bench {

  record Result(String name, long rows, double reqPerSec, double p50Ms, double p99Ms, long errors, double ratio) {
  }

  static final Pattern WRK_RESULT = Pattern.compile("WRK_RESULT (\\{.*})");
  static final HttpClient HTTP = HttpClient.newHttpClient();

  final Path jar;
  final Path tmp;
  final int seconds;
  final int warmup;
  final int connections;
  final List<Result> results = new ArrayList<>();
  final List<Process> processes = new ArrayList<>();
  double baseline;
  int blockedWarnings;

  Bench(Path jar, Path tmp, int seconds, int warmup, int connections) {
    this.jar = jar;
    this.tmp = tmp;
    this.seconds = seconds;
    this.warmup = warmup;
    this.connections = connections;
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> env = System.getenv();
    Path jar = Path.of(env.getOrDefault("SHELF_JAR", "target/shelf.jar"));
    int seconds = Integer.parseInt(env.getOrDefault("BENCH_SECONDS", "10"));
    int warmup = Integer.parseInt(env.getOrDefault("BENCH_WARMUP", "6"));
    int connections = Integer.parseInt(env.getOrDefault("BENCH_CONNECTIONS", "64"));
    long bigRows = Long.parseLong(env.getOrDefault("BENCH_BIG_ROWS", "1000000"));
    Path tmp = Files.createTempDirectory("shelf-bench");
    Bench bench = new Bench(jar, tmp, seconds, warmup, connections);
    Runtime.getRuntime().addShutdownHook(new Thread(bench::stopAll));
    Instant started = Instant.now();
    try {
      bench.run(bigRows);
    } finally {
      bench.stopAll();
    }
    bench.report(Duration.between(started, Instant.now()));
  }

  void run(long bigRows) throws Exception {
    int port = freePort();
    Process base = start(List.of(java(), "-Xmx256m", "-cp", jar.toString(), "bench/Baseline.java", String.valueOf(port), "2"),
        Map.of(), "baseline");
    awaitReady(port, "/");
    Path warm = tmp.resolve("warm-baseline.lua");
    Files.writeString(warm, Files.readString(Path.of("bench/lua/get_path.lua")) + "\n" + Files.readString(Path.of("bench/lua/report.lua")));
    wrk(warm, "http://127.0.0.1:" + port, 2 * JVM_WARMUP_SECONDS, "/");
    Result b = measure("baseline GET (fixed book)", 0, port, "get_path.lua", "/");
    baseline = b.reqPerSec();
    results.add(new Result(b.name(), 0, b.reqPerSec(), b.p50Ms(), b.p99Ms(), b.errors(), 1.0));
    stop(base);

    for (long rows : new long[] {1_000, bigRows}) {
      ShelfRun shelf = startShelf("rows" + rows, "NORMAL");
      seed(shelf.db, rows);
      warmUp(shelf.port, rows);
      add(measure("GET /books/{id}", rows, shelf.port, "get_random.lua", String.valueOf(rows)));
      add(measure("GET /books?limit=20 (first page)", rows, shelf.port, "get_path.lua", "/books?limit=20"));
      String deep = deepCursor(shelf.port, rows * 9 / 10);
      add(measure("GET /books?limit=20 (deep page)", rows, shelf.port, "get_path.lua", "/books?limit=20&cursor=" + deep));
      if (rows == 1_000) {
        add(measure("POST /books (synchronous=NORMAL)", rows, shelf.port, "post.lua"));
        add(measure("90% GET / 10% POST", rows, shelf.port, "mix.lua", String.valueOf(rows)));
      }
      stopShelf(shelf);
    }
    ShelfRun full = startShelf("full", "FULL");
    seed(full.db, 1_000);
    warmUp(full.port, 1_000);
    add(measure("POST /books (synchronous=FULL)", 1_000, full.port, "post.lua"));
    stopShelf(full);
  }

  /**
   * A fresh JVM serves its first seconds interpreted: a JFR run showed ~6.5k GET/s in the first 8 s
   * and ~18k in the next 8. Reads of both kinds run for a while, unmeasured, before any case.
   */
  void warmUp(int port, long rows) throws Exception {
    for (String[] c : new String[][] {{"get_random.lua", String.valueOf(rows)}, {"get_path.lua", "/books?limit=20"}}) {
      Path lua = tmp.resolve("warm-" + c[0]);
      Files.writeString(lua, Files.readString(Path.of("bench/lua", c[0])) + "\n" + Files.readString(Path.of("bench/lua/report.lua")));
      wrk(lua, "http://127.0.0.1:" + port, JVM_WARMUP_SECONDS, c[1]);
    }
  }

  static final int JVM_WARMUP_SECONDS = 8;

  record ShelfRun(Process process, int port, Path db, Path log) {
  }

  ShelfRun startShelf(String name, String synchronous) throws Exception {
    int port = freePort();
    Path db = tmp.resolve(name).resolve("shelf.db");
    Process p = start(List.of(java(), "-Xmx256m", "-jar", jar.toString()),
        Map.of("SHELF_HTTP_PORT", String.valueOf(port), "SHELF_DB_PATH", db.toString(),
            "SHELF_DB_SYNCHRONOUS", synchronous), "shelf-" + name);
    awaitReady(port, "/books?limit=1");
    return new ShelfRun(p, port, db, tmp.resolve("shelf-" + name + ".log"));
  }

  void stopShelf(ShelfRun shelf) throws Exception {
    stop(shelf.process());
    String log = Files.readString(shelf.log());
    Matcher m = Pattern.compile("has been blocked for").matcher(log);
    while (m.find()) {
      blockedWarnings++;
    }
    if (log.contains("OutOfMemoryError")) {
      throw new IllegalStateException("Shelf ran out of heap (-Xmx256m); see " + shelf.log());
    }
  }

  void add(Result r) {
    results.add(new Result(r.name(), r.rows(), r.reqPerSec(), r.p50Ms(), r.p99Ms(), r.errors(), r.reqPerSec() / baseline));
  }

  /** Seeds {@code rows} books in one transaction, straight into the file (not through HTTP). */
  static void seed(Path db, long rows) throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
      s.execute("PRAGMA busy_timeout = 10000");
      s.execute("BEGIN IMMEDIATE");
      try (PreparedStatement insert = c.prepareStatement(
          "INSERT INTO books (title, author, year, created_at, updated_at, version) VALUES (?, ?, ?, ?, ?, 1)")) {
        for (long i = 1; i <= rows; i++) {
          String at = String.format(Locale.ROOT, "2026-01-01T00:%02d:%02d.%03dZ", (i / 60000) % 60, (i / 1000) % 60, i % 1000);
          insert.setString(1, "Title " + Long.toString(i * 7919 % rows, 36));
          insert.setString(2, "Author " + (i % 997));
          if (i % 10 == 0) {
            insert.setNull(3, java.sql.Types.INTEGER);
          } else {
            insert.setLong(3, 1900 + i % 125);
          }
          insert.setString(4, at);
          insert.setString(5, at);
          insert.addBatch();
          if (i % 10_000 == 0) {
            insert.executeBatch();
          }
        }
        insert.executeBatch();
      }
      s.execute("COMMIT");
      s.execute("PRAGMA wal_checkpoint(TRUNCATE)");
    }
  }

  /** Walks pages of 500 until {@code depth} rows are behind; returns the cursor found there. */
  static String deepCursor(int port, long depth) throws Exception {
    String cursor = null;
    for (long seen = 0; seen < depth; seen += 500) {
      String body = get(port, "/books?limit=500" + (cursor == null ? "" : "&cursor=" + cursor));
      Matcher m = Pattern.compile("\"next\":\"([^\"]+)\"").matcher(body);
      if (!m.find()) {
        break;
      }
      cursor = m.group(1);
      if (seen + 500 >= depth) {
        break;
      }
    }
    return cursor;
  }

  Result measure(String name, long rows, int port, String script, String... args) throws Exception {
    Path lua = tmp.resolve(script);
    Files.writeString(lua, Files.readString(Path.of("bench/lua", script)) + "\n" + Files.readString(Path.of("bench/lua/report.lua")));
    String url = "http://127.0.0.1:" + port;
    if (warmup > 0) {
      wrk(lua, url, warmup, args);
    }
    String json = wrk(lua, url, seconds, args);
    double durationS = num(json, "duration_us") / 1e6;
    long errors = (long) (num(json, "socket_errors") + num(json, "non2xx"));
    double ok = (num(json, "requests") - num(json, "non2xx")) / durationS;
    Result r = new Result(name, rows, ok, num(json, "p50_us") / 1000, num(json, "p99_us") / 1000, errors, 0);
    System.out.printf(Locale.ROOT, "  %-36s %9d rows %10.0f req/s  p50 %6.2f ms  p99 %7.2f ms  errors %d%n",
        name, rows, r.reqPerSec(), r.p50Ms(), r.p99Ms(), errors);
    return r;
  }

  String wrk(Path lua, String url, int duration, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("wrk", "-t2", "-c" + connections, "-d" + duration + "s",
        "--timeout", "5s", "-s", lua.toString(), url));
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

  void report(Duration took) throws IOException {
    StringBuilder table = new StringBuilder();
    table.append(String.format(Locale.ROOT, "%n%-36s %9s %10s %8s %8s %7s %7s%n", "case", "rows", "req/s", "p50 ms",
        "p99 ms", "errors", "ratio"));
    StringBuilder json = new StringBuilder("{\n  \"machine\": \"").append(machine()).append("\",\n  \"date\": \"")
        .append(Instant.now()).append("\",\n  \"seconds_per_case\": ").append(seconds)
        .append(",\n  \"connections\": ").append(connections)
        .append(",\n  \"blocked_thread_warnings\": ").append(blockedWarnings)
        .append(",\n  \"total_seconds\": ").append(took.toSeconds()).append(",\n  \"cases\": [\n");
    for (int i = 0; i < results.size(); i++) {
      Result r = results.get(i);
      table.append(String.format(Locale.ROOT, "%-36s %9d %10.0f %8.2f %8.2f %7d %7.2f%n", r.name(), r.rows(),
          r.reqPerSec(), r.p50Ms(), r.p99Ms(), r.errors(), r.ratio()));
      json.append(String.format(Locale.ROOT,
          "    {\"case\": \"%s\", \"rows\": %d, \"req_per_s\": %.0f, \"p50_ms\": %.3f, \"p99_ms\": %.3f, \"errors\": %d, \"ratio\": %.3f}%s%n",
          r.name(), r.rows(), r.reqPerSec(), r.p50Ms(), r.p99Ms(), r.errors(), r.ratio(), i + 1 < results.size() ? "," : ""));
    }
    json.append("  ]\n}\n");
    table.append(String.format(Locale.ROOT, "blocked-thread warnings in Shelf's log: %d; total time %d s; heap -Xmx256m%n",
        blockedWarnings, took.toSeconds()));
    System.out.print(table);
    Files.createDirectories(Path.of("bench/results"));
    Files.writeString(Path.of("bench/results/latest.json"), json);
    System.out.println("written to bench/results/latest.json");
  }

  static String machine() {
    return Runtime.getRuntime().availableProcessors() + " cores, Java " + System.getProperty("java.version") + ", "
        + System.getProperty("os.name") + " " + System.getProperty("os.arch");
  }

  Process start(List<String> command, Map<String, String> env, String name) throws IOException {
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(tmp.resolve(name + ".log").toFile());
    builder.environment().putAll(env);
    Process p = builder.start();
    processes.add(p);
    return p;
  }

  void stop(Process p) throws InterruptedException {
    p.destroy();
    if (!p.waitFor(20, TimeUnit.SECONDS)) {
      p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }

  void stopAll() {
    for (Process p : processes) {
      if (p.isAlive()) {
        p.destroyForcibly();
      }
    }
  }

  static void awaitReady(int port, String path) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      try {
        get(port, path);
        return;
      } catch (IOException notYet) {
        Thread.sleep(100);
      }
    }
    throw new IllegalStateException("nothing answers on port " + port);
  }

  static String get(int port, String path) throws Exception {
    HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
        HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw new IllegalStateException(path + " answered " + r.statusCode() + ": " + r.body());
    }
    return r.body();
  }

  static double num(String json, String key) {
    Matcher m = Pattern.compile("\"" + key + "\":(-?[0-9.]+)").matcher(json);
    if (!m.find()) {
      throw new IllegalStateException(key + " missing in " + json);
    }
    return Double.parseDouble(m.group(1));
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
