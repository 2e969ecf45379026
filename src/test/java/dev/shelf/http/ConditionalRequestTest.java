package dev.shelf.http;

import static dev.shelf.support.ProblemAssert.assertProblem;
import static io.vertx.core.http.HttpMethod.DELETE;
import static io.vertx.core.http.HttpMethod.PATCH;
import static io.vertx.core.http.HttpMethod.PUT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.shelf.support.RunningShelf;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@ExtendWith(VertxExtension.class)
@DisplayName("ETags and If-Match: no lost updates")
class ConditionalRequestTest {

  @TempDir
  Path dir;
  RunningShelf shelf;
  JsonObject book;
  String uri;

  @BeforeEach
  void start(Vertx vertx) {
    shelf = RunningShelf.start(vertx, dir);
    book = shelf.book("Dune", "Frank Herbert", 1965);
    uri = "/books/" + book.getLong("id");
  }

  @Test
  @DisplayName("every single-record response carries the version as a strong ETag")
  void etags() {
    assertThat(shelf.get(uri).getHeader("ETag")).isEqualTo("\"1\"");
    HttpResponse<Buffer> patched = shelf.send(PATCH, uri, "{\"year\":1966}");
    assertThat(patched.getHeader("ETag")).isEqualTo("\"2\"");
    assertThat(shelf.send(HttpMethod.POST, "/books", "{\"title\":\"x\",\"author\":\"y\"}").getHeader("ETag")).isEqualTo("\"1\"");
  }

  @Test
  @DisplayName("GET with a matching If-None-Match is 304 without a body; a stale one gets the record")
  void ifNoneMatch() {
    HttpResponse<Buffer> fresh = RunningShelf.await(shelf.http.get(uri).putHeader("If-None-Match", "\"1\"").send());
    assertThat(fresh.statusCode()).isEqualTo(304);
    assertThat(fresh.body()).isNull();
    assertThat(RunningShelf.await(shelf.http.get(uri).putHeader("If-None-Match", "W/\"1\", \"7\"").send()).statusCode())
        .isEqualTo(304);

    shelf.send(PATCH, uri, "{\"year\":1966}");
    HttpResponse<Buffer> stale = RunningShelf.await(shelf.http.get(uri).putHeader("If-None-Match", "\"1\"").send());
    assertThat(stale.statusCode()).isEqualTo(200);
    assertThat(stale.bodyAsJsonObject().getInteger("version")).isEqualTo(2);
  }

  @Test
  @DisplayName("two clients read version 1 and both update with If-Match \"1\": exactly one succeeds")
  void noLostUpdate() {
    Future<HttpResponse<Buffer>> alice = shelf.http.put(uri).putHeader("If-Match", "\"1\"")
        .sendJsonObject(new JsonObject().put("title", "Alice's Dune").put("author", "Frank Herbert"));
    Future<HttpResponse<Buffer>> bob = shelf.http.patch(uri).putHeader("If-Match", "\"1\"")
        .sendJsonObject(new JsonObject().put("title", "Bob's Dune"));
    RunningShelf.await(Future.all(alice, bob));

    List<Integer> statuses = List.of(alice.result().statusCode(), bob.result().statusCode());
    assertThat(statuses).containsExactlyInAnyOrder(200, 412);
    HttpResponse<Buffer> loser = alice.result().statusCode() == 412 ? alice.result() : bob.result();
    JsonObject problem = assertProblem(loser, 412);
    assertThat(problem.getInteger("currentVersion")).isEqualTo(2);
    assertThat(problem.getString("detail")).contains("version 2");
    assertThat(loser.getHeader("ETag")).isEqualTo("\"2\"");
    String winner = alice.result().statusCode() == 200 ? "Alice's Dune" : "Bob's Dune";
    assertThat(shelf.get(uri).bodyAsJsonObject().getString("title")).isEqualTo(winner);
  }

  @Test
  @DisplayName("DELETE with a stale If-Match is 412 and deletes nothing; with the current one it deletes")
  void conditionalDelete() {
    shelf.send(PATCH, uri, "{\"year\":1966}");

    assertProblem(RunningShelf.await(shelf.http.delete(uri).putHeader("If-Match", "\"1\"").send()), 412);
    assertThat(shelf.get(uri).statusCode()).isEqualTo(200);
    assertThat(RunningShelf.await(shelf.http.delete(uri).putHeader("If-Match", "\"2\"").send()).statusCode()).isEqualTo(204);
    assertProblem(RunningShelf.await(shelf.http.delete(uri).putHeader("If-Match", "\"2\"").send()), 404);
  }

  @ParameterizedTest(name = "If-Match: {0} on a version-1 record is 412")
  @ValueSource(strings = {"\"2\"", "W/\"1\"", "abc", "\"abc\"", "\"\"", "\"0\""})
  void unusableIfMatch(String header) {
    assertProblem(RunningShelf.await(shelf.http.patch(uri).putHeader("If-Match", header)
        .sendJsonObject(new JsonObject().put("year", 2000))), 412);
    assertThat(shelf.get(uri).bodyAsJsonObject().getInteger("year")).isEqualTo(1965);
  }

  @Test
  @DisplayName("If-Match: * or the current version applies the change; an empty PATCH still checks the version")
  void matchingIfMatch() {
    assertThat(RunningShelf.await(shelf.http.patch(uri).putHeader("If-Match", "*")
        .sendJsonObject(new JsonObject().put("year", 2000))).statusCode()).isEqualTo(200);
    assertThat(RunningShelf.await(shelf.http.patch(uri).putHeader("If-Match", "\"2\"")
        .sendJsonObject(new JsonObject().put("year", 2001))).bodyAsJsonObject().getInteger("version")).isEqualTo(3);
    assertProblem(RunningShelf.await(shelf.http.patch(uri).putHeader("If-Match", "\"2\"").sendJsonObject(new JsonObject())), 412);
    assertProblem(RunningShelf.await(shelf.http.patch("/books/999").putHeader("If-Match", "\"1\"")
        .sendJsonObject(new JsonObject().put("year", 1))), 404);
  }

  @Test
  @DisplayName("with http.requireIfMatch, a change without If-Match is 428")
  void requireIfMatch() {
    Vertx own = Vertx.vertx();
    try {
      RunningShelf strict = RunningShelf.start(own, dir.resolve("strict"),
          new JsonObject().put("http", new JsonObject().put("requireIfMatch", true)));
      JsonObject b = strict.book("Dune", "Frank Herbert", null);
      String u = "/books/" + b.getLong("id");

      assertProblem(strict.send(PATCH, u, "{\"year\":1}"), 428);
      assertProblem(strict.send(PUT, u, "{\"title\":\"t\",\"author\":\"a\"}"), 428);
      assertProblem(strict.send(DELETE, u, ""), 428);
      assertThat(RunningShelf.await(strict.http.patch(u).putHeader("If-Match", "\"1\"")
          .sendJsonObject(new JsonObject().put("year", 1))).statusCode()).isEqualTo(200);
    } finally {
      RunningShelf.await(own.close());
    }
  }
}
