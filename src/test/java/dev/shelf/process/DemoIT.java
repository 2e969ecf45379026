package dev.shelf.process;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shelf.client.Query;
import dev.shelf.client.ShelfClient;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The three demos as a user runs them: the fat jar serving with {@code demo.blocking} on, and each
 * demo started from the same jar in its own JVM. Waits are shorter than docs/demos.md's 2 s so the
 * suite stays quick; the checks are bounds (the least a blocking server must take, the most a
 * non-blocking one may), never speeds. The server runs with Vert.x's blocked-thread limit lowered
 * to 250 ms so the blocking demo's 500 ms sleeps are always reported.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@DisplayName("The demos, run from the fat jar against the fat jar")
class DemoIT {

  private static final int INSTANCES = 2;
  private static final String BLOCKED = "has been blocked for";
  private static final long TIMEOUT_S = 120;

  @TempDir
  static Path dir;
  static ShelfProcess server;

  @BeforeAll
  static void startShelf() throws Exception {
    server = ShelfProcess.start(dir,
        Map.of("SHELF_HTTP_HOST", "127.0.0.1", "SHELF_HTTP_INSTANCES", String.valueOf(INSTANCES),
            "SHELF_DEMO_BLOCKING", "true"),
        List.of("-Dvertx.options.maxEventLoopExecuteTimeUnit=MILLISECONDS",
            "-Dvertx.options.maxEventLoopExecuteTime=250",
            "-Dvertx.options.blockedThreadCheckInterval=50"));
    server.awaitReady();
  }

  @AfterAll
  static void stopShelf() throws InterruptedException {
    if (server != null) {
      server.close();
    }
  }

  private static String baseUrl() {
    return "http://127.0.0.1:" + server.port;
  }

  private static ShelfProcess.Finished demo(String... args) throws Exception {
    String[] all = new String[args.length + 2];
    System.arraycopy(args, 0, all, 0, args.length);
    all[args.length] = "--url";
    all[args.length + 1] = baseUrl();
    return ShelfProcess.run(dir, TIMEOUT_S, "dev.shelf.demo.Demo", all);
  }

  private static Matcher summary(ShelfProcess.Finished result, String regex) {
    assertThat(result.exitCode()).as("exit code; stderr: %s", result.stderr()).isZero();
    String last = result.stdout().strip().lines().reduce((a, b) -> b).orElse("");
    Matcher matcher = Pattern.compile(regex).matcher(last);
    assertThat(matcher.matches()).as("summary line %s in:%n%s", regex, result.stdout()).isTrue();
    return matcher;
  }

  @Test
  @Order(1)
  @DisplayName("batch: six calls in flight, Future.all then Future.join around a failing call; leaves nothing behind")
  void batch() throws Exception {
    ShelfProcess.Finished result = demo("batch");

    Matcher m = summary(result, "Summary: batch demo ran: Future\\.all 6/6 succeeded in \\d+ ms; with one failing call "
        + "Future\\.all failed after (\\d+) ms and Future\\.join collected 5 ok \\+ 1 failed in (\\d+) ms");
    assertThat(Long.parseLong(m.group(1))).as("Future.all fails no later than Future.join completes")
        .isLessThanOrEqualTo(Long.parseLong(m.group(2)));
    assertThat(result.stdout()).contains("FAILED  422 Unprocessable Entity").contains("author is required");
    Vertx vertx = Vertx.vertx();
    try (ShelfClient client = ShelfClient.create(vertx, baseUrl())) {
      assertThat(client.books().list(Query.all().contains("(batch demo")).await().items()).isEmpty();
      assertThat(client.movies().list(Query.all().contains("(batch demo")).await().items()).isEmpty();
    } finally {
      vertx.close().await();
    }
  }

  @Test
  @Order(2)
  @DisplayName("wait: 10 and 50 concurrent 500 ms waits each finish far sooner than one event loop per request allows")
  void waitDemo() throws Exception {
    ShelfProcess.Finished result = demo("wait", "--n", "10,50", "--ms", "500");

    Matcher m = summary(result, "Summary: wait demo ran, ms=500: N=10 total (\\d+) ms, N=50 total (\\d+) ms");
    long ten = Long.parseLong(m.group(1));
    long fifty = Long.parseLong(m.group(2));
    assertThat(ten).isBetween(500L, 10 * 500L / INSTANCES - 1);
    assertThat(fifty).isBetween(500L, 50 * 500L / INSTANCES - 1);
    assertThat(result.stdout()).contains("request   10 answered after");
    // Counted from the moment Shelf serves: start-up class loading is not what this demo is about.
    String output = server.output();
    String serving = output.substring(Math.max(0, output.indexOf("Shelf is serving")));
    assertThat(serving).as("no event loop was blocked while serving the waits").doesNotContain(BLOCKED);
  }

  @Test
  @Order(3)
  @DisplayName("blocking: the same requests against the sleeping route take at least N/loops × ms, with warnings")
  void blockingDemo() throws Exception {
    ShelfProcess.Finished result = demo("blocking", "--n", "1,4", "--ms", "500");

    Matcher m = summary(result, "Summary: blocking demo ran, ms=500: N=1 total (\\d+) ms, N=4 total (\\d+) ms");
    assertThat(Long.parseLong(m.group(1))).isGreaterThanOrEqualTo(500L);
    assertThat(Long.parseLong(m.group(2))).as("4 requests on %d event loops that each serve one at a time", INSTANCES)
        .isGreaterThanOrEqualTo(4 / INSTANCES * 500L);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (!server.output().contains(BLOCKED) && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertThat(server.output()).contains("Thread vert.x-eventloop-thread-").contains(BLOCKED);
  }
}
