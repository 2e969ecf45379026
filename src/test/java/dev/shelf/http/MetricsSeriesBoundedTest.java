package dev.shelf.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shelf.support.RunningShelf;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(VertxExtension.class)
@DisplayName("GET /metrics: every label comes from a bounded set, so no request can add series")
class MetricsSeriesBoundedTest {

  @TempDir
  Path dir;

  @Test
  @DisplayName("hundreds of made-up methods and paths leave the number of HTTP, event-bus and Shelf series as it was")
  void madeUpMethodsAndPathsAddNoSeries(Vertx vertx) {
    RunningShelf shelf = RunningShelf.start(vertx, dir);
    Random random = new Random(12);
    // One round of each kind first, so the series an unknown method or path does get (OTHER, 404, 405…) exist.
    sendStrangeRequests(shelf, random, 1);
    shelf.get("/metrics");
    List<String> before = series(shelf.get("/metrics").bodyAsString());

    sendStrangeRequests(shelf, random, 150);
    List<String> after = series(shelf.get("/metrics").bodyAsString());

    assertThat(after).hasSameSizeAs(before);
    assertThat(String.join("\n", after)).contains("method=\"OTHER\"").doesNotContain("method=\"X")
        .doesNotContain("/no-");
  }

  /** Per round: a made-up method on a real path and on a made-up one, and GETs of made-up paths and ids. */
  private static void sendStrangeRequests(RunningShelf shelf, Random random, int rounds) {
    for (int i = 0; i < rounds; i++) {
      HttpMethod method = HttpMethod.valueOf("X" + word(random, 30).toUpperCase());
      answered(shelf.send(method, "/books", "{}"));
      answered(shelf.send(method, "/no-" + word(random, 20), "{}"));
      answered(shelf.get("/no-" + word(random, 40) + "/" + word(random, 10)));
      answered(shelf.get("/books/" + random.nextInt(1_000_000)));
    }
  }

  private static void answered(HttpResponse<Buffer> response) {
    assertThat(response.statusCode()).isBetween(200, 599);
  }

  private static String word(Random random, int length) {
    char[] letters = new char[length];
    for (int i = 0; i < length; i++) {
      letters[i] = (char) ('a' + random.nextInt(26));
    }
    return new String(letters);
  }

  /**
   * Samples of the meters requests can touch: Vert.x's HTTP server and event bus, and Shelf's own.
   * (The test's own HTTP client shares this Vert.x and labels its meters by the methods it sent.)
   */
  private static List<String> series(String metrics) {
    return Arrays.stream(metrics.split("\n"))
        .filter(line -> line.startsWith("vertx_http_server_") || line.startsWith("vertx_eventbus_")
            || line.startsWith("shelf_"))
        .toList();
  }
}
