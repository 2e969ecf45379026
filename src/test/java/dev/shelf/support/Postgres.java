package dev.shelf.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A throwaway PostgreSQL server for tests, from Debian's binaries ({@code /usr/lib/postgresql/N/bin}):
 * {@code initdb} in a temp folder, {@code pg_ctl start} on a free loopback port with its socket in
 * that folder, trust authentication, and a superuser named {@value #USER}. {@code initdb} refuses
 * to run as root, so as root every command runs as the {@code postgres} user through
 * {@code runuser}, and the folder is handed to that user.
 *
 * <p>{@link #shared()} starts one server per test JVM (a few seconds, paid once) and stops it when
 * the JVM exits; each test takes a {@link #freshDatabase() fresh database} on it, which is as
 * isolated as a fresh SQLite file. Tests that stop the server start their own with {@link #start}.
 */
public final class Postgres implements AutoCloseable {

  public static final String USER = "shelf";
  private static final long COMMAND_TIMEOUT_S = 60;
  private static final AtomicInteger DATABASES = new AtomicInteger();
  private static Postgres shared;

  private final Path dir;
  private final Path bin;
  private final int port;
  private final boolean durable;
  private CompletableFuture<String> ahead;

  private Postgres(Path dir, Path bin, int port, boolean durable) {
    this.dir = dir;
    this.bin = bin;
    this.port = port;
    this.durable = durable;
  }

  /** The server shared by every test of this JVM, started on first use. */
  public static synchronized Postgres shared() {
    if (shared == null) {
      shared = start(false);
      Postgres started = shared;
      Runtime.getRuntime().addShutdownHook(new Thread(started::close, "stop-test-postgres"));
    }
    return shared;
  }

  /**
   * Starts a server of its own; {@code durable} keeps fsync on (benchmarks, crash tests), else
   * fsync is off, as nothing here outlives a power cut.
   */
  public static Postgres start(boolean durable) {
    Path bin = binaries();
    try {
      Path dir = Files.createTempDirectory("shelf-pg-");
      // The postgres user must reach the folder; /tmp itself is world-traversable.
      Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
      if (isRoot()) {
        run(List.of("chown", "postgres:postgres", dir.toString()));
      }
      Postgres pg = new Postgres(dir, bin, freePort(), durable);
      pg.asOwner(List.of(bin.resolve("initdb").toString(), "-D", pg.data().toString(), "-U", USER,
          "--auth=trust", "--no-sync", "--encoding=UTF8", "--locale=C.UTF-8"));
      pg.startServer();
      return pg;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The highest installed major version's binaries; fails with the package to install. */
  static Path binaries() {
    Path root = Path.of("/usr/lib/postgresql");
    try (Stream<Path> versions = Files.isDirectory(root) ? Files.list(root) : Stream.empty()) {
      return versions.map(v -> v.resolve("bin"))
          .filter(b -> Files.isExecutable(b.resolve("initdb")))
          .max(Comparator.comparingInt(b -> Integer.parseInt(b.getParent().getFileName().toString().replaceAll("\\D", "0"))))
          .orElseThrow(() -> new IllegalStateException(
              "no PostgreSQL binaries under /usr/lib/postgresql: apt-get install postgresql"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Starts (or restarts) the server on its port; waits until it accepts connections. */
  public void startServer() {
    String options = "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c max_connections=300"
        + (durable ? "" : " -c fsync=off -c synchronous_commit=off -c full_page_writes=off");
    asOwner(List.of(bin.resolve("pg_ctl").toString(), "-D", data().toString(), "-l", dir.resolve("server.log").toString(),
        "-o", options, "-w", "-t", "60", "start"));
  }

  /** Stops the server as a crash would ({@code -m immediate}): connections drop, nothing is flushed politely. */
  public void stopImmediately() {
    asOwner(List.of(bin.resolve("pg_ctl").toString(), "-D", data().toString(), "-m", "immediate", "-w", "stop"));
  }

  /**
   * A new empty database on this server; answers its URI for {@code db.url}. One is created ahead
   * on a thread of its own while the test that took the last one runs (CREATE DATABASE takes about
   * a second on a busy machine).
   */
  public synchronized String freshDatabase() {
    String name;
    if (ahead != null) {
      name = ahead.join();
    } else {
      name = createDatabase();
    }
    ahead = CompletableFuture.supplyAsync(this::createDatabase);
    return url(name);
  }

  private String createDatabase() {
    String name = "shelf_test_" + DATABASES.incrementAndGet();
    psql("postgres", "CREATE DATABASE " + name);
    return name;
  }

  /** Runs SQL through psql and answers its unaligned output (for assertions straight on the database). */
  public String psql(String database, String sql) {
    return run(List.of(bin.resolve("psql").toString(), "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1",
        "-h", dir.toString(), "-p", String.valueOf(port), "-U", USER, "-d", database, "-c", sql)).strip();
  }

  public String url(String database) {
    return "postgresql://" + USER + "@127.0.0.1:" + port + "/" + database;
  }

  public int port() {
    return port;
  }

  /** Stops the server and removes its folder. */
  @Override
  public void close() {
    try {
      if (Files.exists(data().resolve("postmaster.pid"))) {
        // At most 10 s: at JVM exit a busy machine made an unbounded wait outlast surefire's
        // 30 s grace, and the folder was left behind.
        asOwner(List.of(bin.resolve("pg_ctl").toString(), "-D", data().toString(), "-m", "immediate", "-w", "-t", "10", "stop"));
      }
    } catch (RuntimeException e) {
      // Best effort: the folder goes anyway.
    }
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException e) {
      // A leftover temp folder is harmless.
    }
  }

  private Path data() {
    return dir.resolve("data");
  }

  private void asOwner(List<String> command) {
    List<String> full = new ArrayList<>();
    if (isRoot()) {
      full.addAll(List.of("runuser", "-u", "postgres", "--"));
    }
    full.addAll(command);
    run(full);
  }

  private static String run(List<String> command) {
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      process.getOutputStream().close();
      byte[] output = process.getInputStream().readAllBytes();
      if (!process.waitFor(COMMAND_TIMEOUT_S, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException(String.join(" ", command) + " did not finish in " + COMMAND_TIMEOUT_S + " s");
      }
      String text = new String(output, StandardCharsets.UTF_8);
      if (process.exitValue() != 0) {
        throw new IllegalStateException(String.join(" ", command) + " failed (" + process.exitValue() + "): " + text);
      }
      return text;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static boolean isRoot() {
    return "root".equals(System.getProperty("user.name"));
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
