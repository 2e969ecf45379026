package dev.shelf.http;

import static dev.shelf.support.ProblemAssert.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.shelf.support.RunningShelf;
import dev.shelf.support.ShelfTest;
import dev.shelf.support.WithConfig;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@ShelfTest
@DisplayName("Non-blocking waits: many at once take as long as one")
class DemoTest {

  @Test
  @DisplayName("with demo.pageDelayMs=2000, ten concurrent requests for / all finish in about 2 s, not 20 s")
  void delayedPagesOverlap(@WithConfig({"demo.pageDelayMs=2000", "http.instances=1"}) RunningShelf shelf) {
    long start = System.nanoTime();
    List<Future<HttpResponse<Buffer>>> pages = IntStream.range(0, 10).mapToObj(i -> shelf.http.get("/").send()).toList();
    RunningShelf.await(Future.all(pages));
    long elapsedMs = (System.nanoTime() - start) / 1_000_000;

    assertThat(pages).allSatisfy(p -> assertThat(p.result().statusCode()).isEqualTo(200));
    assertThat(elapsedMs).isBetween(1_900L, 8_000L);
    assertThat(shelf.get("/books").statusCode()).as("the API is not delayed").isEqualTo(200);
  }

  @Test
  @DisplayName("GET /demo/wait?ms=N answers {\"waitedMs\":N} after N ms, and ten concurrent 2 s waits take ~2 s")
  void waits(@WithConfig("http.instances=1") RunningShelf shelf) {
    long start = System.nanoTime();
    List<Future<HttpResponse<Buffer>>> waits = IntStream.range(0, 10)
        .mapToObj(i -> shelf.http.get("/demo/wait?ms=2000").send()).toList();
    RunningShelf.await(Future.all(waits));
    long elapsedMs = (System.nanoTime() - start) / 1_000_000;

    assertThat(waits).allSatisfy(w -> assertThat(w.result().bodyAsJsonObject())
        .isEqualTo(new JsonObject().put("waitedMs", 2000)));
    assertThat(elapsedMs).isBetween(1_900L, 8_000L);
    assertThat(shelf.get("/demo/wait?ms=0").bodyAsJsonObject().getInteger("waitedMs")).isZero();
  }

  @ParameterizedTest(name = "GET /demo/wait?{0} is 400")
  @ValueSource(strings = {"ms=-1", "ms=10001", "ms=abc", "ms=", "ms=1.5", "ms=99999999999", ""})
  void badWaits(String query, RunningShelf shelf) {
    assertProblem(shelf.get("/demo/wait?" + query), 400);
  }
}
