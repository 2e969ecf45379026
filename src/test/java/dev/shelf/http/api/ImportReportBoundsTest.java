package dev.shelf.http.api;

import static dev.shelf.support.ProblemAssert.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.shelf.support.RunningShelf;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(VertxExtension.class)
@DisplayName("Import errors are bounded: a huge bad import answers a small 422, and the event loops stay free")
class ImportReportBoundsTest {

  private static final int ROWS = 100;
  private static final int KEYS_PER_ROW = 9_000;

  @TempDir
  Path dir;

  @Test
  @DisplayName("three 9 MB JSON imports with 900,000 unknown keys each: 422 under 64 KB with the total count; /health/live under 2 s meanwhile")
  void hugeBadImport(Vertx vertx) {
    // This test is about the size of the answer: a loaded machine may take longer than the default idle timeout.
    RunningShelf shelf = RunningShelf.start(vertx, dir,
        new JsonObject().put("http", new JsonObject().put("idleTimeoutSec", 300)));
    Buffer body = Buffer.buffer(manyUnknownKeys());
    assertThat(body.length()).isGreaterThan(8_000_000);

    // The uploads go out from a Vert.x of their own: copying 9 MB into a socket buffer would
    // otherwise stall the event loops that this test shares with Shelf, and be counted against it.
    Vertx uploads = Vertx.vertx();
    WebClient uploader = WebClient.create(uploads, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(shelf.port));
    // Warm up, so what is measured is the imports and not the first request's class loading.
    assertThat(shelf.get("/health/live").statusCode()).isEqualTo(200);
    assertProblem(shelf.send(io.vertx.core.http.HttpMethod.POST, "/books/import", "[{\"x\":1}]"), 422);
    List<Future<HttpResponse<Buffer>>> imports = IntStream.range(0, 3)
        .mapToObj(i -> uploader.post("/books/import").putHeader("Content-Type", "application/json").sendBuffer(body))
        .toList();
    long slowestLive = 0;
    while (!imports.stream().allMatch(Future::isComplete)) {
      long start = System.nanoTime();
      assertThat(shelf.get("/health/live").statusCode()).isEqualTo(200);
      slowestLive = Math.max(slowestLive, (System.nanoTime() - start) / 1_000_000);
    }

    List<HttpResponse<Buffer>> responses = imports.stream().map(Future::result).toList();
    uploads.close();
    for (HttpResponse<Buffer> response : responses) {
      assertThat(response.body().length()).as("422 body size").isLessThan(64 * 1024);
      JsonObject problem = assertProblem(response, 422);
      assertThat(problem.getString("detail")).isEqualTo(ROWS + " of " + ROWS + " rows are invalid; nothing was imported");
      JsonArray errors = problem.getJsonArray("rows").getJsonObject(0).getJsonArray("errors");
      assertThat(errors).hasSize(ImportRows.MAX_UNKNOWN_REPORTED + 1);
      assertThat(errors.getJsonObject(ImportRows.MAX_UNKNOWN_REPORTED).getString("message"))
          .startsWith("has " + (KEYS_PER_ROW - ImportRows.MAX_UNKNOWN_REPORTED) + " more field(s)");
    }
    assertThat(slowestLive).as("slowest /health/live in ms while the imports ran").isLessThan(2_000);
  }

  /** Valid books, each with 9,000 fields that are not fields of a book. */
  private static String manyUnknownKeys() {
    StringBuilder json = new StringBuilder("[");
    for (int row = 0; row < ROWS; row++) {
      json.append(row == 0 ? "" : ",").append("{\"title\":\"T\",\"author\":\"A\"");
      for (int key = 0; key < KEYS_PER_ROW; key++) {
        json.append(",\"k").append(key).append("\":1");
      }
      json.append('}');
    }
    return json.append(']').toString();
  }
}
