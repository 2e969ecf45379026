package dev.shelf.http;

import static dev.shelf.support.Eventually.eventually;
import static dev.shelf.support.ProblemAssert.assertProblem;
import static dev.shelf.support.RunningShelf.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.shelf.metrics.ShelfMetrics;
import dev.shelf.support.RunningShelf;
import io.micrometer.core.instrument.Gauge;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(VertxExtension.class)
@DisplayName("GET /demo/blocking-wait, the deliberately blocking demo route")
class BlockingDemoRouteTest {

  @TempDir
  Path dir;

  @Test
  @DisplayName("is 404 problem+json that says how to turn it on while demo.blocking is off")
  void offByDefault(Vertx vertx) {
    RunningShelf shelf = RunningShelf.start(vertx, dir);

    JsonObject problem = assertProblem(shelf.get("/demo/blocking-wait?ms=10"), 404);

    assertThat(problem.getString("detail")).contains("demo.blocking");
  }

  @Test
  @DisplayName("when on, sleeps on the event loop: a non-blocking request on the same loop waits behind it")
  void blocksTheEventLoop(Vertx vertx) {
    RunningShelf shelf = RunningShelf.start(vertx, dir, new JsonObject()
        .put("http", new JsonObject().put("instances", 1))
        .put("demo", new JsonObject().put("blocking", true)));

    Future<HttpResponse<Buffer>> blocking = shelf.http.get("/demo/blocking-wait?ms=800").send();
    eventually(() -> assertThat(activeRequests()).as("the blocking request is on the event loop").isPositive());
    long sent = System.nanoTime();
    HttpResponse<Buffer> quick = await(shelf.http.get("/demo/wait?ms=0").send());
    long quickMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sent);

    assertThat(quick.statusCode()).isEqualTo(200);
    assertThat(quickMs).as("a 0 ms wait held up by the 800 ms sleep").isGreaterThanOrEqualTo(500);
    HttpResponse<Buffer> slow = await(blocking);
    assertThat(slow.statusCode()).isEqualTo(200);
    assertThat(slow.bodyAsJsonObject().getLong("waitedMs")).isGreaterThanOrEqualTo(800);
    assertThat(slow.bodyAsJsonObject().getBoolean("blockedEventLoop")).isTrue();
    assertProblem(shelf.get("/demo/blocking-wait?ms=20000"), 400);
    assertProblem(shelf.get("/demo/blocking-wait"), 400);
  }

  /** Requests the HTTP server has begun and not yet answered, from Vert.x's own meter (read in-process:
   *  with the only event loop asleep, /metrics could not answer). */
  private static double activeRequests() {
    return ShelfMetrics.registry().find("vertx.http.server.active.requests").gauges().stream()
        .mapToDouble(Gauge::value).sum();
  }
}
