package dev.shelf.http;

import static dev.shelf.support.ProblemAssert.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.shelf.support.RunningShelf;
import dev.shelf.support.ShelfTest;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@ShelfTest
@DisplayName("If-Match with a list passes when any tag is the current version; If-Match: * needs the record to exist")
class IfMatchListTest {

  RunningShelf shelf;

  @BeforeEach
  void start(RunningShelf shelf) {
    this.shelf = shelf;
    shelf.book("Dune", "Frank Herbert", 1965);
    patch("/books/1", null, 1966);
  }

  @ParameterizedTest(name = "If-Match: {0} on a record at version 2 applies the change")
  @ValueSource(strings = {"\"1\", \"2\"", "\"2\", \"1\"", "\"9\",\"2\"", "W/\"1\", \"2\"", "\"x\", \"2\", \"3\""})
  void anyListedTagPasses(String header) {
    HttpResponse<Buffer> response = patch("/books/1", header, 1967);

    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
    assertThat(response.bodyAsJsonObject().getLong("version")).isEqualTo(3);
    assertThat(response.getHeader("ETag")).isEqualTo("\"3\"");
  }

  @Test
  @DisplayName("a list without the current version is 412 with currentVersion, and nothing changes")
  void noListedTagFails() {
    JsonObject problem = assertProblem(patch("/books/1", "\"1\", \"3\", W/\"2\"", 1999), 412);

    assertThat(problem.getLong("currentVersion")).isEqualTo(2);
    assertThat(shelf.get("/books/1").bodyAsJsonObject().getInteger("year")).isEqualTo(1966);
  }

  @Test
  @DisplayName("DELETE and PUT take a list too")
  void deleteAndPut() {
    HttpResponse<Buffer> put = RunningShelf.await(shelf.http.put("/books/1").putHeader("If-Match", "\"1\", \"2\"")
        .sendJsonObject(new JsonObject().put("title", "Dune").put("author", "Frank Herbert").put("year", 1965)));
    assertThat(put.statusCode()).isEqualTo(200);

    assertThat(RunningShelf.await(shelf.http.delete("/books/1").putHeader("If-Match", "\"2\", \"3\"").send())
        .statusCode()).isEqualTo(204);
  }

  @Test
  @DisplayName("If-Match: * on a record that does not exist is 412 (PATCH, PUT and DELETE), not 404")
  void starOnMissing() {
    assertProblem(patch("/books/99", "*", 2000), 412);
    assertProblem(RunningShelf.await(shelf.http.put("/movies/5").putHeader("If-Match", "*")
        .sendJsonObject(new JsonObject().put("title", "Alien").put("director", "Ridley Scott"))), 412);
    assertProblem(RunningShelf.await(shelf.http.delete("/books/99").putHeader("If-Match", "*").send()), 412);
    assertThat(patch("/books/1", "*", 2000).statusCode()).isEqualTo(200);
    assertProblem(RunningShelf.await(shelf.http.delete("/books/99").send()), 404);
  }

  private HttpResponse<Buffer> patch(String uri, String ifMatch, int year) {
    var request = shelf.http.patch(uri);
    if (ifMatch != null) {
      request.putHeader("If-Match", ifMatch);
    }
    return RunningShelf.await(request.sendJsonObject(new JsonObject().put("year", year)));
  }
}
