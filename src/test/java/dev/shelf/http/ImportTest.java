package dev.shelf.http;

import static dev.shelf.support.ProblemAssert.assertProblem;
import static io.vertx.core.http.HttpMethod.POST;
import static org.assertj.core.api.Assertions.assertThat;

import dev.shelf.support.RunningShelf;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@ExtendWith(VertxExtension.class)
@DisplayName("Import: CSV or a JSON array, every row validated, all rows stored in one transaction or none")
class ImportTest {

  @TempDir
  Path dir;

  @Test
  @DisplayName("CSV with a header, quoted commas, quotes and line breaks, CRLF or LF, empty year, blank lines at the end: 201, rows stored as sent")
  void csv(Vertx vertx) {
    RunningShelf shelf = RunningShelf.start(vertx, dir);
    String csv = "\uFEFFyear,title,author\r\n"
        + "1965,\"Dune, the first\",Frank Herbert\r\n"
        + ",\"He said \"\"hi\"\"\",\"Two\nlines\"\n"
        + "2001,Plain,Someone\n\r\n\n";

    HttpResponse<Buffer> response = shelf.send(POST, "/books/import", csv, "text/csv; charset=utf-8");

    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(201);
    assertThat(response.bodyAsJsonObject()).isEqualTo(new JsonObject().put("imported", 3));
    JsonArray books = shelf.get("/books").bodyAsJsonObject().getJsonArray("items");
    assertThat(books.getJsonObject(0).getString("title")).isEqualTo("Dune, the first");
    assertThat(books.getJsonObject(0).getInteger("year")).isEqualTo(1965);
    assertThat(books.getJsonObject(1).getString("title")).isEqualTo("He said \"hi\"");
    assertThat(books.getJsonObject(1).getString("author")).isEqualTo("Two\nlines");
    assertThat(books.getJsonObject(1).getValue("year")).isNull();
    assertThat(books.getJsonObject(2).getString("author")).isEqualTo("Someone");
  }

  @Test
  @DisplayName("a JSON array of movies (text/plain counts as JSON too) is stored; ids follow on")
  void jsonArray(Vertx vertx) {
    RunningShelf shelf = RunningShelf.start(vertx, dir);
    JsonArray movies = new JsonArray()
        .add(new JsonObject().put("title", "Alien").put("director", "Ridley Scott").put("year", 1979))
        .add(new JsonObject().put("title", "Heat").put("director", "Michael Mann").put("id", 77));

    HttpResponse<Buffer> response = shelf.send(POST, "/movies/import", movies.encode(), "text/plain");

    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(201);
    assertThat(response.getHeader("Cache-Control")).isEqualTo("no-store");
    assertThat(shelf.get("/movies/2").bodyAsJsonObject().getString("title")).isEqualTo("Heat");
    assertThat(shelf.get("/movies/77").statusCode()).as("a client's id is ignored").isEqualTo(404);
  }

  @Test
  @DisplayName("an export imports back: same titles, credits and years")
  void exportRoundTrip(Vertx vertx) {
    RunningShelf shelf = RunningShelf.start(vertx, dir);
    shelf.book("Dune, \"the\" book", "Frank Herbert", 1965);
    shelf.book("Emma", "Jane\nAusten", null);
    String exported = shelf.get("/books?format=csv").bodyAsString();
    shelf.delete("/books?title=Emma");
    shelf.delete("/books?title=" + java.net.URLEncoder.encode("Dune, \"the\" book", java.nio.charset.StandardCharsets.UTF_8));

    assertThat(shelf.send(POST, "/books/import", exported, "text/csv").statusCode()).isEqualTo(201);

    JsonArray books = shelf.get("/books").bodyAsJsonObject().getJsonArray("items");
    assertThat(books).hasSize(2);
    assertThat(books.getJsonObject(0).getString("title")).isEqualTo("Dune, \"the\" book");
    assertThat(books.getJsonObject(1).getString("author")).isEqualTo("Jane\nAusten");
    assertThat(books.getJsonObject(1).getValue("year")).isNull();
  }

  @Test
  @DisplayName("one bad row among many: 422 naming each bad row and field, and not one row stored")
  void allOrNothing(Vertx vertx) throws Exception {
    RunningShelf shelf = RunningShelf.start(vertx, dir);
    String csv = "title,author,year\r\n"
        + "Good,A,2000\r\n"
        + ",A,2000\r\n"
        + "Good too,A,20x1\r\n"
        + "Short row\r\n"
        + "Fine,A,\r\n";

    JsonObject problem = assertProblem(shelf.send(POST, "/books/import", csv, "text/csv"), 422);

    assertThat(problem.getString("detail")).isEqualTo("3 of 5 rows are invalid; nothing was imported");
    assertThat(problem.getJsonArray("rows")).isEqualTo(new JsonArray()
        .add(new JsonObject().put("row", 2).put("errors", new JsonArray().add(error("title", "must not be blank"))))
        .add(new JsonObject().put("row", 3).put("errors", new JsonArray().add(error("year", "must be an integer or null"))))
        .add(new JsonObject().put("row", 4).put("errors", new JsonArray()
            .add(error("(row)", "has 1 value(s); the header has 3 column(s)")))));
    assertThat(countBooks(shelf)).isZero();
  }

  @Test
  @DisplayName("JSON: a non-object row and invalid fields are named by their position in the array")
  void jsonRowErrors(Vertx vertx) throws Exception {
    RunningShelf shelf = RunningShelf.start(vertx, dir);
    String body = "[{\"title\":\"Ok\",\"author\":\"A\"}, 5, {\"title\":\"Ok\",\"author\":\"A\",\"pages\":3}]";

    JsonObject problem = assertProblem(shelf.send(POST, "/books/import", body), 422);

    JsonArray rows = problem.getJsonArray("rows");
    assertThat(rows.getJsonObject(0).getInteger("row")).isEqualTo(2);
    assertThat(rows.getJsonObject(0).getJsonArray("errors").getJsonObject(0).getString("message")).isEqualTo("must be a JSON object");
    assertThat(rows.getJsonObject(1).getInteger("row")).isEqualTo(3);
    assertThat(rows.getJsonObject(1).getJsonArray("errors").getJsonObject(0).getString("field")).isEqualTo("pages");
    assertThat(countBooks(shelf)).isZero();
  }

  @Test
  @DisplayName("at most 100 bad rows are listed; the detail counts them all")
  void reportIsBounded(Vertx vertx) {
    RunningShelf shelf = RunningShelf.start(vertx, dir);
    JsonArray rows = new JsonArray();
    for (int i = 0; i < 250; i++) {
      rows.add(new JsonObject().put("title", "").put("author", "A"));
    }

    JsonObject problem = assertProblem(shelf.send(POST, "/books/import", rows.encode()), 422);

    assertThat(problem.getJsonArray("rows")).hasSize(100);
    assertThat(problem.getString("detail")).startsWith("250 of 250 rows");
  }

  @ParameterizedTest(name = "{0} [{1}] → {2}")
  @CsvSource(delimiter = '|', value = {
      "title,author\\r\\n\"Dune,Frank   | text/csv                          | 400 | never closed",
      "title,pages\\r\\nDune,3          | text/csv                          | 400 | unknown column 'pages'",
      "title,title\\r\\nDune,Dune       | text/csv                          | 400 | twice",
      "title,author                     | text/csv                          | 400 | no rows",
      "{\"title\":\"Dune\"}             | application/json                  | 400 | array",
      "[                                | application/json                  | 400 | not valid JSON",
      "[]                               | application/json                  | 400 | no rows",
      "title=Dune                       | application/x-www-form-urlencoded | 415 | CSV",
  })
  void refusals(String body, String type, int status, String detail, Vertx vertx) {
    RunningShelf shelf = RunningShelf.start(vertx, dir);

    JsonObject problem = assertProblem(shelf.send(POST, "/books/import", body.replace("\\r\\n", "\r\n"), type), status);

    assertThat(problem.getString("detail")).contains(detail);
  }

  @Test
  @DisplayName("http.importBodyLimit bounds imports (413) separately from http.bodyLimit")
  void ownBodyLimit(Vertx vertx) {
    RunningShelf shelf = RunningShelf.start(vertx, dir, new JsonObject()
        .put("http", new JsonObject().put("bodyLimit", 100).put("importBodyLimit", 5_000)));
    String rows = "title,author\r\n" + "Some title,Some author\r\n".repeat(150);

    assertThat(shelf.send(POST, "/books/import", rows, "text/csv").statusCode()).isEqualTo(201);
    assertProblem(shelf.send(POST, "/books/import", rows + rows, "text/csv"), 413);
  }

  private static JsonObject error(String field, String message) {
    return new JsonObject().put("field", field).put("message", message);
  }

  private static int countBooks(RunningShelf shelf) {
    return (int) shelf.countInDatabase("SELECT count(*) FROM books");
  }
}
