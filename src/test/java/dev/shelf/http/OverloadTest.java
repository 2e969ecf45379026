package dev.shelf.http;

import static dev.shelf.support.ProblemAssert.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.shelf.support.RunningShelf;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(VertxExtension.class)
@DisplayName("Under a write flood the queue stays bounded: 503 with Retry-After, and every 201 is stored")
class OverloadTest {

  @TempDir
  Path dir;

  @Test
  @DisplayName("more concurrent writes than the queue holds: each answered 201 or 503, the 201s all stored")
  void flood(Vertx vertx) {
    RunningShelf shelf = RunningShelf.start(vertx, dir, new JsonObject()
        .put("db", new JsonObject().put("writeQueueMax", 2).put("batchMax", 1)));

    List<Future<HttpResponse<Buffer>>> posts = IntStream.range(0, 200)
        .mapToObj(i -> shelf.http.post("/books").sendJsonObject(new JsonObject().put("title", "T" + i).put("author", "A")))
        .toList();
    RunningShelf.await(Future.join(posts).otherwiseEmpty());

    List<HttpResponse<Buffer>> answers = posts.stream().map(Future::result).toList();
    assertThat(answers).allSatisfy(r -> assertThat(r.statusCode()).isIn(201, 503));
    List<HttpResponse<Buffer>> refused = answers.stream().filter(r -> r.statusCode() == 503).toList();
    assertThat(refused).as("a queue of 2 cannot take 200 at once").isNotEmpty();
    refused.forEach(r -> {
      assertProblem(r, 503);
      assertThat(r.getHeader("Retry-After")).isEqualTo("1");
    });
    long created = answers.stream().filter(r -> r.statusCode() == 201).count();
    JsonObject page = shelf.get("/books?limit=500").bodyAsJsonObject();
    assertThat(page.getJsonArray("items")).hasSize((int) created);
    assertThat(shelf.get("/books?limit=1").statusCode()).as("reads still served").isEqualTo(200);
  }
}
