package dev.shelf.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code deploy/local-cluster} as a user runs it: it starts PostgreSQL, two nodes and haproxy,
 * serves through haproxy, and on Ctrl-C (SIGINT) stops every process it started and deletes its
 * folder.
 */
@DisplayName("deploy/local-cluster serves through haproxy and leaves nothing behind on Ctrl-C")
class LocalClusterIT {

  private static final Pattern WORK = Pattern.compile("initdb in (/\\S+)/pg,");
  private static final Path SCRIPT = Path.of("deploy/local-cluster").toAbsolutePath();

  @TempDir
  Path dir;

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @Test
  @Timeout(300)
  void startServeStop() throws Exception {
    assumeTrue(Files.isExecutable(Cluster.HAPROXY), "haproxy is installed (.ci/run installs it)");
    int port = ShelfProcess.freePort();
    Path output = dir.resolve("local-cluster.log");
    ProcessBuilder builder = new ProcessBuilder(SCRIPT.toString(), "2").redirectErrorStream(true)
        .redirectOutput(output.toFile());
    builder.environment().putAll(Map.of("SHELF_CLUSTER_PORT", String.valueOf(port), "SHELF_JAR", ShelfProcess.JAR.toString()));
    Process script = builder.start();
    try {
      awaitLine(script, output, "Ctrl-C stops everything.");
      Matcher work = WORK.matcher(Files.readString(output));
      assertThat(work.find()).as("the work folder in:\n%s", Files.readString(output)).isTrue();
      Path workDir = Path.of(work.group(1));
      long postgres = Long.parseLong(Files.readAllLines(workDir.resolve("pg/postmaster.pid")).get(0).strip());
      List<ProcessHandle> started = script.descendants().toList();
      assertThat(started).as("two nodes and haproxy").hasSizeGreaterThanOrEqualTo(3);

      awaitReady(URI.create("http://127.0.0.1:" + port + "/health/ready"));
      URI books = URI.create("http://127.0.0.1:" + port + "/books");
      HttpResponse<String> created = http.send(HttpRequest.newBuilder(books).header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString("{\"title\":\"Dune\",\"author\":\"Herbert\"}")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
      long id = new JsonObject(created.body()).getLong("id");
      for (int i = 0; i < 4; i++) {
        // Round robin: both nodes answer from the one database.
        HttpResponse<String> read = http.send(HttpRequest.newBuilder(URI.create(books + "/" + id)).build(),
            HttpResponse.BodyHandlers.ofString());
        assertThat(read.statusCode()).isEqualTo(200);
        assertThat(new JsonObject(read.body()).getString("title")).isEqualTo("Dune");
      }

      interrupt(script);
      assertThat(script.waitFor(90, TimeUnit.SECONDS)).as("the script ended after Ctrl-C:\n%s", Files.readString(output)).isTrue();
      assertThat(Files.readString(output)).contains("stopped; logs and database deleted");
      for (ProcessHandle process : started) {
        assertThat(process.isAlive()).as("%s still running", process.info().commandLine().orElse("?")).isFalse();
      }
      assertThat(gone(postgres)).as("PostgreSQL (pid %d) stopped", postgres).isTrue();
      assertThat(workDir).doesNotExist();
    } finally {
      if (script.isAlive()) {
        script.destroy();
        script.waitFor(60, TimeUnit.SECONDS);
      }
    }
  }

  /**
   * Whether the process has exited, waiting up to 15 s: PostgreSQL was reparented to init when
   * pg_ctl started it, and a zombie init has not reaped yet counts as gone.
   */
  private static boolean gone(long pid) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    do {
      try {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        if (stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z")) {
          return true;
        }
      } catch (IOException noSuchProcess) {
        return true;
      }
      Thread.sleep(200);
    } while (System.nanoTime() < deadline);
    return false;
  }

  /**
   * Ctrl-C: SIGINT, as a terminal sends it. A shell that started with SIGINT ignored (some CI
   * launchers start jobs so) cannot trap it, so then SIGTERM, which the script handles alike.
   */
  private static void interrupt(Process script) throws Exception {
    String status = Files.readString(Path.of("/proc/" + script.pid() + "/status"));
    Matcher ignored = Pattern.compile("SigIgn:\\s*([0-9a-f]+)").matcher(status);
    boolean sigintIgnored = ignored.find() && (Long.parseLong(ignored.group(1), 16) & 0x2) != 0;
    String signal = sigintIgnored ? "-TERM" : "-INT";
    System.out.println("LocalClusterIT: stopping the script with " + signal);
    new ProcessBuilder("kill", signal, String.valueOf(script.pid())).inheritIO().start().waitFor(10, TimeUnit.SECONDS);
  }

  /** haproxy may take a check or two to route to the nodes; the script waits 10 s at most. */
  private void awaitReady(URI ready) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (http.send(HttpRequest.newBuilder(ready).timeout(Duration.ofSeconds(5)).build(),
        HttpResponse.BodyHandlers.discarding()).statusCode() != 200) {
      assertThat(System.nanoTime()).as("haproxy ready within 60 s").isLessThan(deadline);
      Thread.sleep(200);
    }
  }

  private static void awaitLine(Process script, Path output, String line) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
    while (!Files.readString(output).contains(line)) {
      if (!script.isAlive()) {
        throw new AssertionError("local-cluster exited with " + script.exitValue() + ":\n" + Files.readString(output));
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("local-cluster did not get ready in 180 s:\n" + Files.readString(output));
      }
      Thread.sleep(200);
    }
  }
}
