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
 * Shelf's benchmark driver, run by {@code bench/run}. Starts the bare baseline, then the real fat
 * jar (with -Xmx256m) on fresh databases in a temp folder, seeded in one transaction, and the design
 * floor ({@code bench/Floor.java}) on the same database files; with {@code --peers}, json-server too.
 * Drives each case with wrk on loopback after a warm-up, and reports req/s, p50, p99, errors, the
 * ratio to bare and Shelf/floor, all measured in the same run, plus the machine's load before and
 * after. Writes {@code bench/results/latest.json} and a bar chart, {@code latest.svg}. Everything it
 * starts is stopped at the end.
 */
public class Bench {

  /** One measured case; {@code server} is bare, floor, Shelf or a peer's name. */
  record Result(String server, String name, long rows, double reqPerSec, double p50Ms, double p99Ms, long errors) {
  }

  static final String BARE = "bare";
  static final String FLOOR = "floor";
  static final String SHELF = "Shelf";
  static final String PEER = "json-server";
  static final String GET_ONE = "GET /books/{id}";
  static final String FIRST_PAGE = "GET /books?limit=20 (first page)";
  static final String POST_NORMAL = "POST /books (synchronous=NORMAL)";
  static final String POST_FULL = "POST /books (synchronous=FULL)";
  static final String MIX = "90% GET / 10% POST";

  static final Pattern WRK_RESULT = Pattern.compile("WRK_RESULT (\\{.*})");
  static final HttpClient HTTP = HttpClient.newHttpClient();

  final Path jar;
  final Path tmp;
  final int seconds;
  final int warmup;
  final int connections;
  final List<Result> results = new ArrayList<>();
  final List<Process> processes = new ArrayList<>();
  final boolean peers;
  double baseline;
  int blockedWarnings;
  String peerNote;
  String loadBefore;

  Bench(Path jar, Path tmp, int seconds, int warmup, int connections, boolean peers) {
    this.peers = peers;
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
    boolean peers = List.of(args).contains("--peers");
    Bench bench = new Bench(jar, tmp, seconds, warmup, connections, peers);
    bench.loadBefore = load();
    System.out.println("load average before: " + bench.loadBefore);
    Runtime.getRuntime().addShutdownHook(new Thread(bench::stopAll));
    Instant started = Instant.now();
    try {
      bench.run(bigRows);
      if (peers) {
        bench.runPeer();
      }
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
    Result b = measure(BARE, "GET (fixed book)", 0, port, "get_path.lua", "/");
    baseline = b.reqPerSec();
    results.add(b);
    stop(base);

    for (long rows : new long[] {1_000, bigRows}) {
      ShelfRun shelf = startShelf("rows" + rows, "NORMAL");
      seed(shelf.db, rows);
      warmUp(shelf.port, rows);
      add(measure(SHELF, GET_ONE, rows, shelf.port, "get_random.lua", String.valueOf(rows)));
      add(measure(SHELF, FIRST_PAGE, rows, shelf.port, "get_path.lua", "/books?limit=20"));
      String deep = deepCursor(shelf.port, rows * 9 / 10);
      add(measure(SHELF, "GET /books?limit=20 (deep page)", rows, shelf.port, "get_path.lua",
          "/books?limit=20&cursor=" + deep));
      measureSearch(shelf.port, rows);
      measureFloor(shelf.db, rows);
      if (rows == 1_000) {
        add(measure(SHELF, POST_NORMAL, rows, shelf.port, "post.lua"));
        add(measure(SHELF, MIX, rows, shelf.port, "mix.lua", String.valueOf(rows)));
      }
      stopShelf(shelf);
    }
    ShelfRun full = startShelf("full", "FULL");
    seed(full.db, 1_000);
    warmUp(full.port, 1_000);
    add(measure(SHELF, POST_FULL, 1_000, full.port, "post.lua"));
    stopShelf(full);
  }

  // --- search (issue 13.1): a two-word full-text search's first page, to set against FIRST_PAGE ---
  static final String SEARCH_PAGE = "GET /books?limit=20&search=2 words";
  static final String SEARCH_COMMON = "GET /books?limit=20&search=author N";

  /**
   * Two searches as a person types them, the last word a prefix: an author's number and the first
   * two characters of a title code, which match a handful of rows; and "author N", where "author"
   * is in every seeded row (a stop word, for this data), which ranks ~1,000 matches found through a
   * word list as long as the table.
   */
  void measureSearch(int port, long rows) throws Exception {
    long row = rows / 2;
    String code = Long.toString(row * 7919 % rows, 36);
    String words = (row % 997) + "+" + code.substring(0, Math.min(2, code.length()));
    add(measure(SHELF, SEARCH_PAGE, rows, port, "get_path.lua", "/books?limit=20&search=" + words));
    add(measure(SHELF, SEARCH_COMMON, rows, port, "get_path.lua", "/books?limit=20&search=author+" + (row % 997)));
  }

  /**
   * The design floor ({@code bench/Floor.java}) on Shelf's own database file, while Shelf idles:
   * the same reads through the same shape (event loops, local bus, reader workers) and nothing else.
   */
  void measureFloor(Path db, long rows) throws Exception {
    int port = freePort();
    Process floor = start(List.of(java(), "-Xmx256m", "-cp", jar.toString(), "bench/Floor.java", String.valueOf(port),
        "2", db.toString(), "2"), Map.of(), "floor-" + rows);
    awaitReady(port, "/books?limit=1");
    warmUp(port, rows, "/books?limit=20");
    add(measure(FLOOR, GET_ONE, rows, port, "get_random.lua", String.valueOf(rows)));
    add(measure(FLOOR, FIRST_PAGE, rows, port, "get_path.lua", "/books?limit=20"));
    stop(floor);
  }

  /**
   * A peer users choose between: json-server 0.17.4 (npm), on 1,000 books in its own JSON file,
   * with its defaults, through the same cases (its first page is {@code ?_page=1&_limit=20}).
   * Installed into the temp folder; skipped with a note when npm is missing or the install fails.
   */
  void runPeer() throws Exception {
    if (!onPath("npm") || !onPath("node")) {
      peerNote = "json-server skipped: npm/node not found";
      System.out.println(peerNote);
      return;
    }
    Path dir = tmp.resolve("json-server");
    Files.createDirectories(dir);
    Process install = new ProcessBuilder("npm", "install", "--silent", "--no-audit", "--no-fund", "--prefix",
        dir.toString(), "json-server@0.17.4").redirectErrorStream(true).redirectOutput(tmp.resolve("npm.log").toFile())
        .start();
    Path cli = dir.resolve("node_modules/json-server/lib/cli/bin.js");
    if (!install.waitFor(300, TimeUnit.SECONDS) || install.exitValue() != 0 || !Files.exists(cli)) {
      install.destroyForcibly();
      peerNote = "json-server skipped: npm install failed (see " + tmp.resolve("npm.log") + ")";
      System.out.println(peerNote);
      return;
    }
    Path data = dir.resolve("db.json");
    Files.writeString(data, peerBooks(1_000));
    int port = freePort();
    Process peer = start(List.of("node", cli.toString(), "--port", String.valueOf(port), "--host", "127.0.0.1",
        data.toString()), Map.of(), "json-server");
    awaitReady(port, "/books/1");
    String firstPage = "/books?_page=1&_limit=20";
    warmUp(port, 1_000, firstPage);
    add(measure(PEER, GET_ONE, 1_000, port, "get_random.lua", "1000"));
    add(measure(PEER, FIRST_PAGE, 1_000, port, "get_path.lua", firstPage));
    add(measure(PEER, POST_NORMAL.replace("synchronous=NORMAL", "its JSON file"), 1_000, port, "post.lua"));
    stop(peer);
    peerNote = "json-server 0.17.4 on node " + new String(new ProcessBuilder("node", "--version").start()
        .getInputStream().readAllBytes()).trim() + ", defaults (it rewrites its whole JSON file on each write)";
  }

  /** The same 1,000 books the other servers get, as json-server's JSON file. */
  static String peerBooks(int rows) {
    StringBuilder json = new StringBuilder("{\"books\":[\n");
    for (int i = 1; i <= rows; i++) {
      String at = String.format(Locale.ROOT, "2026-01-01T00:00:%02d.%03dZ", (i / 1000) % 60, i % 1000);
      json.append(String.format(Locale.ROOT,
          "{\"id\":%d,\"title\":\"Title %s\",\"author\":\"Author %d\",\"year\":%s,\"createdAt\":\"%s\","
              + "\"updatedAt\":\"%s\",\"version\":1}%s%n",
          i, Long.toString((long) i * 7919 % rows, 36), i % 997, i % 10 == 0 ? "null" : String.valueOf(1900 + i % 125),
          at, at, i < rows ? "," : ""));
    }
    return json.append("]}\n").toString();
  }

  static boolean onPath(String command) {
    try {
      return new ProcessBuilder("sh", "-c", "command -v " + command).start().waitFor() == 0;
    } catch (IOException | InterruptedException e) {
      return false;
    }
  }

  /** The load average (1, 5, 15 minutes) and running/total tasks: how busy the shared machine was. */
  static String load() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).trim();
    } catch (IOException e) {
      return "unknown";
    }
  }

  /**
   * A fresh JVM serves its first seconds interpreted: a JFR run showed ~6.5k GET/s in the first 8 s
   * and ~18k in the next 8. Reads of both kinds run for a while, unmeasured, before any case.
   */
  void warmUp(int port, long rows) throws Exception {
    warmUp(port, rows, "/books?limit=20");
  }

  void warmUp(int port, long rows, String page) throws Exception {
    for (String[] c : new String[][] {{"get_random.lua", String.valueOf(rows)}, {"get_path.lua", page}}) {
      Path lua = tmp.resolve("warm-" + c[0]);
      Files.writeString(lua, Files.readString(Path.of("bench/lua", c[0])) + "\n" + Files.readString(Path.of("bench/lua/report.lua")));
      wrk(lua, "http://127.0.0.1:" + port, JVM_WARMUP_SECONDS, c[1]);
    }
  }

  static final int JVM_WARMUP_SECONDS = Integer.parseInt(System.getenv().getOrDefault("BENCH_JVM_WARMUP", "8"));

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
    results.add(r);
  }

  /**
   * Seeds {@code rows} books in one transaction, straight into the file (not through HTTP). Shelf
   * computes the title/author keys in Java on its own writes, so this writer sets them too.
   */
  static void seed(Path db, long rows) throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
      s.execute("PRAGMA busy_timeout = 10000");
      s.execute("BEGIN IMMEDIATE");
      try (PreparedStatement insert = c.prepareStatement(
          "INSERT INTO books (title, author, year, created_at, updated_at, version, title_key, author_key)"
              + " VALUES (?, ?, ?, ?, ?, 1, ?, ?)")) {
        for (long i = 1; i <= rows; i++) {
          String at = String.format(Locale.ROOT, "2026-01-01T00:%02d:%02d.%03dZ", (i / 60000) % 60, (i / 1000) % 60, i % 1000);
          String title = "Title " + Long.toString(i * 7919 % rows, 36);
          String author = "Author " + (i % 997);
          insert.setString(1, title);
          insert.setString(2, author);
          insert.setString(6, dev.shelf.model.TextKey.of(title));
          insert.setString(7, dev.shelf.model.TextKey.of(author));
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

  Result measure(String server, String name, long rows, int port, String script, String... args) throws Exception {
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
    Result r = new Result(server, name, rows, ok, num(json, "p50_us") / 1000, num(json, "p99_us") / 1000, errors);
    System.out.printf(Locale.ROOT, "  %-11s %-36s %9d rows %10.0f req/s  p50 %6.2f ms  p99 %7.2f ms  errors %d%n",
        server, name, rows, r.reqPerSec(), r.p50Ms(), r.p99Ms(), errors);
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
    String loadAfter = load();
    StringBuilder table = new StringBuilder();
    table.append(String.format(Locale.ROOT, "%n%-11s %-36s %9s %10s %8s %8s %7s %7s%n", "server", "case", "rows",
        "req/s", "p50 ms", "p99 ms", "errors", "x bare"));
    StringBuilder json = new StringBuilder("{\n  \"machine\": \"").append(machine()).append("\",\n  \"date\": \"")
        .append(Instant.now()).append("\",\n  \"seconds_per_case\": ").append(seconds)
        .append(",\n  \"connections\": ").append(connections)
        .append(",\n  \"load_before\": \"").append(loadBefore).append("\"")
        .append(",\n  \"load_after\": \"").append(loadAfter).append("\"")
        .append(",\n  \"blocked_thread_warnings\": ").append(blockedWarnings)
        .append(",\n  \"total_seconds\": ").append(took.toSeconds());
    if (peerNote != null) {
      json.append(",\n  \"peer\": \"").append(peerNote.replace("\"", "'")).append("\"");
    }
    json.append(",\n  \"cases\": [\n");
    for (int i = 0; i < results.size(); i++) {
      Result r = results.get(i);
      table.append(String.format(Locale.ROOT, "%-11s %-36s %9d %10.0f %8.2f %8.2f %7d %7.2f%n", r.server(), r.name(),
          r.rows(), r.reqPerSec(), r.p50Ms(), r.p99Ms(), r.errors(), r.reqPerSec() / baseline));
      json.append(String.format(Locale.ROOT,
          "    {\"server\": \"%s\", \"case\": \"%s\", \"rows\": %d, \"req_per_s\": %.0f, \"p50_ms\": %.3f, "
              + "\"p99_ms\": %.3f, \"errors\": %d, \"ratio_to_bare\": %.3f}%s%n",
          r.server(), r.name(), r.rows(), r.reqPerSec(), r.p50Ms(), r.p99Ms(), r.errors(), r.reqPerSec() / baseline,
          i + 1 < results.size() ? "," : ""));
    }
    json.append("  ],\n  \"ratios\": [\n");
    table.append(String.format(Locale.ROOT, "%n%-36s %9s %11s %11s %12s%n", "ratios, same run", "rows", "Shelf/bare",
        "floor/bare", "Shelf/floor"));
    List<String> ratios = new ArrayList<>();
    for (Result floor : results.stream().filter(r -> r.server().equals(FLOOR)).toList()) {
      Result shelf = find(SHELF, floor.name(), floor.rows());
      if (shelf == null) {
        continue;
      }
      double shelfBare = shelf.reqPerSec() / baseline;
      double floorBare = floor.reqPerSec() / baseline;
      double shelfFloor = shelf.reqPerSec() / floor.reqPerSec();
      table.append(String.format(Locale.ROOT, "%-36s %9d %11.2f %11.2f %12.2f%n", floor.name(), floor.rows(), shelfBare,
          floorBare, shelfFloor));
      ratios.add(String.format(Locale.ROOT,
          "    {\"case\": \"%s\", \"rows\": %d, \"shelf_bare\": %.3f, \"floor_bare\": %.3f, \"shelf_floor\": %.3f}",
          floor.name(), floor.rows(), shelfBare, floorBare, shelfFloor));
    }
    json.append(String.join(",\n", ratios)).append("\n  ]\n}\n");
    table.append(String.format(Locale.ROOT,
        "blocked-thread warnings in Shelf's log: %d; total time %d s; heap -Xmx256m; load before %s, after %s%n",
        blockedWarnings, took.toSeconds(), loadBefore, loadAfter));
    if (peerNote != null) {
      table.append(peerNote).append('\n');
    }
    System.out.print(table);
    Files.createDirectories(Path.of("bench/results"));
    Files.writeString(Path.of("bench/results/latest.json"), json);
    Files.writeString(Path.of("bench/results/latest.svg"), Chart.svg(results, baseline, Instant.now() + ", load "
        + loadBefore.split(" ")[0] + " before, " + loadAfter.split(" ")[0] + " after"));
    System.out.println("written to bench/results/latest.json and bench/results/latest.svg");
  }

  Result find(String server, String name, long rows) {
    return results.stream().filter(r -> r.server().equals(server) && r.name().equals(name) && r.rows() == rows)
        .findFirst().orElse(null);
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
    // Generous: a single-file program compiles itself first, which takes long on a loaded machine.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
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

/**
 * The run as grouped bars, one group per case and one bar per server (bare, floor, Shelf,
 * json-server), req/s on a shared linear scale with each bar's figure written on it: the ratios
 * at a glance. Plain SVG, no library.
 */
final class Chart {

  private static final String[][] SERVERS = {{Bench.BARE, "#9e9e9e"}, {Bench.FLOOR, "#4e79a7"},
      {Bench.SHELF, "#e15759"}, {Bench.PEER, "#59a14f"}};
  private static final int BAR = 22;
  private static final int GAP = 26;
  private static final int PLOT_HEIGHT = 260;
  private static final int LEFT = 60;
  private static final int TOP = 50;

  private Chart() {
  }

  record Group(String label, String name, long rows) {
  }

  static String svg(java.util.List<Bench.Result> results, double baseline, String when) {
    java.util.List<Group> groups = java.util.List.of(new Group("GET one, 1k rows", Bench.GET_ONE, 1_000),
        new Group("first page, 1k", Bench.FIRST_PAGE, 1_000),
        new Group("GET one, 1M rows", Bench.GET_ONE, 1_000_000),
        new Group("first page, 1M", Bench.FIRST_PAGE, 1_000_000),
        new Group("POST, NORMAL", Bench.POST_NORMAL, 1_000),
        new Group("POST, FULL", Bench.POST_FULL, 1_000),
        new Group("90/10 mix", Bench.MIX, 1_000));
    double max = Math.max(baseline, results.stream().mapToDouble(Bench.Result::reqPerSec).max().orElse(1));
    double scale = niceCeiling(max);
    int groupWidth = SERVERS.length * BAR + GAP;
    int width = LEFT + groups.size() * groupWidth + 20;
    int height = TOP + PLOT_HEIGHT + 60;
    StringBuilder svg = new StringBuilder();
    svg.append(String.format(java.util.Locale.ROOT,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" font-family=\"sans-serif\" "
            + "font-size=\"11\">%n<rect width=\"100%%\" height=\"100%%\" fill=\"white\"/>%n", width, height));
    svg.append(String.format(java.util.Locale.ROOT,
        "<text x=\"%d\" y=\"18\" font-size=\"14\">req/s, 64 connections, loopback, 2 cores (bench/run, %s)</text>%n",
        LEFT, escape(when)));
    int legendX = LEFT;
    for (String[] server : SERVERS) {
      svg.append(String.format(java.util.Locale.ROOT,
          "<rect x=\"%d\" y=\"28\" width=\"10\" height=\"10\" fill=\"%s\"/><text x=\"%d\" y=\"37\">%s</text>%n",
          legendX, server[1], legendX + 14, server[0]));
      legendX += 90;
    }
    for (int tick = 0; tick <= 4; tick++) {
      double value = scale * tick / 4;
      int y = TOP + PLOT_HEIGHT - (int) Math.round(PLOT_HEIGHT * value / scale);
      svg.append(String.format(java.util.Locale.ROOT,
          "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#ddd\"/>"
              + "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>%n",
          LEFT, y, width - 20, y, LEFT - 6, y + 4, thousands(value)));
    }
    for (int g = 0; g < groups.size(); g++) {
      Group group = groups.get(g);
      int x0 = LEFT + g * groupWidth + GAP / 2;
      for (int s = 0; s < SERVERS.length; s++) {
        double value = value(results, baseline, SERVERS[s][0], group);
        if (value <= 0) {
          continue;
        }
        int h = (int) Math.round(PLOT_HEIGHT * value / scale);
        int x = x0 + s * BAR;
        int y = TOP + PLOT_HEIGHT - h;
        svg.append(String.format(java.util.Locale.ROOT,
            "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\"><title>%s: %.0f req/s</title></rect>%n",
            x, y, BAR - 2, h, SERVERS[s][1], SERVERS[s][0], value));
        svg.append(String.format(java.util.Locale.ROOT,
            "<text x=\"%d\" y=\"%d\" font-size=\"9\" text-anchor=\"start\" transform=\"rotate(-90 %d %d)\">%s</text>%n",
            x + BAR / 2 + 3, y - 3, x + BAR / 2 + 3, y - 3, thousands(value)));
      }
      svg.append(String.format(java.util.Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">%s</text>%n",
          x0 + SERVERS.length * BAR / 2, TOP + PLOT_HEIGHT + 16, escape(group.label())));
    }
    svg.append(String.format(java.util.Locale.ROOT,
        "<text x=\"%d\" y=\"%d\" fill=\"#555\">bare: a fixed book, no router, bus or database (the same figure "
            + "in every group); floor: Shelf's shape and nothing else (reads only)</text>%n",
        LEFT, TOP + PLOT_HEIGHT + 40));
    return svg.append("</svg>\n").toString();
  }

  /** The bare server serves one fixed book for every GET case; nothing for writes. */
  private static double value(java.util.List<Bench.Result> results, double baseline, String server, Group group) {
    if (server.equals(Bench.BARE)) {
      return group.name().startsWith("GET") ? baseline : 0;
    }
    String name = server.equals(Bench.PEER) && group.name().equals(Bench.POST_NORMAL)
        ? Bench.POST_NORMAL.replace("synchronous=NORMAL", "its JSON file") : group.name();
    return results.stream().filter(r -> r.server().equals(server) && r.name().equals(name) && r.rows() == group.rows())
        .mapToDouble(Bench.Result::reqPerSec).findFirst().orElse(0);
  }

  private static double niceCeiling(double max) {
    double step = Math.pow(10, Math.floor(Math.log10(max)));
    for (double m : new double[] {1, 2, 2.5, 5, 10}) {
      if (m * step >= max) {
        return m * step;
      }
    }
    return 10 * step;
  }

  private static String thousands(double value) {
    return value >= 1000 ? String.format(java.util.Locale.ROOT, "%.1fk", value / 1000)
        : String.format(java.util.Locale.ROOT, "%.0f", value);
  }

  private static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;");
  }
}
