package dev.shelf.http;

import static dev.shelf.support.ProblemAssert.assertProblem;
import static dev.shelf.support.RunningShelf.await;
import static io.vertx.core.http.HttpMethod.PATCH;
import static io.vertx.core.http.HttpMethod.PUT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.shelf.client.Book;
import dev.shelf.client.Patch;
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
@DisplayName("Creating, reading, replacing, patching and deleting one record")
class CrudTest {

  RunningShelf shelf;

  @BeforeEach
  void start(RunningShelf shelf) {
    this.shelf = shelf;
  }

  @Test
  @DisplayName("POST /books answers 201 with Location and the stored record, with server fields")
  void createsABook() {
    HttpResponse<Buffer> created = shelf.send(io.vertx.core.http.HttpMethod.POST, "/books",
        new JsonObject().put("title", "Dune").put("author", "Frank Herbert").put("year", 1965));

    assertThat(created.statusCode()).isEqualTo(201);
    assertThat(created.getHeader("Content-Type")).isEqualTo("application/json");
    JsonObject book = created.bodyAsJsonObject();
    assertThat(created.getHeader("Location")).isEqualTo("/books/" + book.getLong("id"));
    assertThat(book.getString("title")).isEqualTo("Dune");
    assertThat(book.getString("author")).isEqualTo("Frank Herbert");
    assertThat(book.getInteger("year")).isEqualTo(1965);
    assertThat(book.getInteger("version")).isEqualTo(1);
    assertThat(book.getString("createdAt")).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
    assertThat(book.getString("updatedAt")).isEqualTo(book.getString("createdAt"));
    assertThat(shelf.get("/books/" + book.getLong("id")).bodyAsJsonObject()).isEqualTo(book);
  }

  @Test
  @DisplayName("POST /movies stores a movie with its director; year may be left out")
  void createsAMovie() {
    JsonObject movie = shelf.create("movies", new JsonObject().put("title", "Alien").put("director", "Ridley Scott"));

    assertThat(movie.getString("director")).isEqualTo("Ridley Scott");
    assertThat(movie.containsKey("year")).isTrue();
    assertThat(movie.getValue("year")).isNull();
    assertThat(shelf.get("/movies/" + movie.getLong("id")).bodyAsJsonObject()).isEqualTo(movie);
    assertThat(shelf.get("/books/" + movie.getLong("id")).statusCode()).isEqualTo(404);
  }

  @ParameterizedTest(name = "GET /books/{0} is 404")
  @ValueSource(strings = {"999", "0", "-1", "abc", "1.5", "99999999999999999999999", "1e3", "%20"})
  void unknownOrMalformedIdsAreNotFound(String id) {
    assertProblem(shelf.get("/books/" + id), 404);
  }

  @Test
  @DisplayName("PUT replaces every field, bumps the version and keeps createdAt")
  void replaces() throws InterruptedException {
    JsonObject book = shelf.book("Dune", "Frank Herbert", 1965);
    Thread.sleep(5); // so updatedAt can differ from createdAt at millisecond precision

    HttpResponse<Buffer> replaced = shelf.send(PUT, "/books/" + book.getLong("id"),
        new JsonObject().put("title", "Dune Messiah").put("author", "F. Herbert"));

    assertThat(replaced.statusCode()).isEqualTo(200);
    JsonObject after = replaced.bodyAsJsonObject();
    assertThat(after.getString("title")).isEqualTo("Dune Messiah");
    assertThat(after.getString("author")).isEqualTo("F. Herbert");
    assertThat(after.getValue("year")).as("year left out of a replacement is cleared").isNull();
    assertThat(after.getInteger("version")).isEqualTo(2);
    assertThat(after.getString("createdAt")).isEqualTo(book.getString("createdAt"));
    assertThat(after.getString("updatedAt")).isGreaterThan(book.getString("updatedAt"));
    assertThat(shelf.get("/books/" + book.getLong("id")).bodyAsJsonObject()).isEqualTo(after);
  }

  @Test
  @DisplayName("PUT needs every required field and answers 404 for a missing record")
  void replaceRules() {
    JsonObject book = shelf.book("Dune", "Frank Herbert", 1965);

    JsonObject problem = assertProblem(shelf.send(PUT, "/books/" + book.getLong("id"),
        new JsonObject().put("title", "Only a title")), 422);
    assertThat(problem.getJsonArray("errors").getJsonObject(0).getString("field")).isEqualTo("author");
    assertProblem(shelf.send(PUT, "/books/12345", new JsonObject().put("title", "t").put("author", "a")), 404);
    assertThat(shelf.get("/books/" + book.getLong("id")).bodyAsJsonObject()).isEqualTo(book);
  }

  @Test
  @DisplayName("PATCH changes only the fields present")
  void patchesSomeFields() {
    Book book = await(shelf.client.books().create(Book.of("Dune", "Frank Herbert", 1965)));

    Book after = await(shelf.client.books().patch(book.id(), Patch.set("title", "Dune (1965)")));

    assertThat(after).isEqualTo(
        new Book(book.id(), "Dune (1965)", "Frank Herbert", 1965, book.createdAt(), after.updatedAt(), 2));
  }

  @Test
  @DisplayName("PATCH with null year clears it")
  void patchNullClearsYear() {
    JsonObject book = shelf.book("Dune", "Frank Herbert", 1965);

    HttpResponse<Buffer> patched = shelf.send(PATCH, "/books/" + book.getLong("id"), "{\"year\":null}");

    assertThat(patched.statusCode()).isEqualTo(200);
    assertThat(patched.bodyAsJsonObject().containsKey("year")).isTrue();
    assertThat(patched.bodyAsJsonObject().getValue("year")).isNull();
  }

  @Test
  @DisplayName("PATCH with null for a required field is 422 and changes nothing")
  void patchNullRequiredIsRefused() {
    JsonObject book = shelf.book("Dune", "Frank Herbert", 1965);

    JsonObject problem = assertProblem(shelf.send(PATCH, "/books/" + book.getLong("id"), "{\"author\":null}"), 422);

    assertThat(problem.getJsonArray("errors").getJsonObject(0).getString("field")).isEqualTo("author");
    assertThat(shelf.get("/books/" + book.getLong("id")).bodyAsJsonObject()).isEqualTo(book);
  }

  @Test
  @DisplayName("PATCH of a missing record is 404; an empty PATCH changes nothing")
  void patchEdges() {
    JsonObject book = shelf.book("Dune", "Frank Herbert", 1965);

    assertProblem(shelf.send(PATCH, "/books/4242", "{\"title\":\"x\"}"), 404);
    HttpResponse<Buffer> empty = shelf.send(PATCH, "/books/" + book.getLong("id"), "{}");
    assertThat(empty.statusCode()).isEqualTo(200);
    assertThat(empty.bodyAsJsonObject()).isEqualTo(book);
  }

  @Test
  @DisplayName("DELETE answers 204, then the record is 404, and a second DELETE is 404")
  void deletes() {
    JsonObject book = shelf.book("Dune", "Frank Herbert", 1965);
    String uri = "/books/" + book.getLong("id");

    HttpResponse<Buffer> deleted = shelf.delete(uri);

    assertThat(deleted.statusCode()).isEqualTo(204);
    assertThat(deleted.body()).isNull();
    assertProblem(shelf.get(uri), 404);
    assertProblem(shelf.delete(uri), 404);
  }

  @Test
  @DisplayName("ids are never reused after a delete")
  void idsAreNotReused() {
    Book first = await(shelf.client.books().create(Book.of("A", "a", null)));
    await(shelf.client.books().delete(first.id()));

    Book second = await(shelf.client.books().create(Book.of("B", "b", null)));

    assertThat(second.id()).isGreaterThan(first.id());
  }
}
