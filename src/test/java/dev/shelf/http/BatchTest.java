package dev.shelf.http;

import static dev.shelf.support.ProblemAssert.assertProblem;
import static io.vertx.core.http.HttpMethod.POST;
import static org.assertj.core.api.Assertions.assertThat;

import dev.shelf.support.EventReader;
import dev.shelf.support.RunningShelf;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@ExtendWith(VertxExtension.class)
@DisplayName("POST /batch: the API's calls in one transaction, all or nothing")
class BatchTest {

  @TempDir
  Path dir;

  @Test
  @DisplayName("every operation runs in order and answers as its single call would: status, ETag/Location, body")
  void allApplied(Vertx vertx) {
    RunningShelf shelf = RunningShelf.start(vertx, dir);
    JsonObject dune = shelf.book("Dune", "Frank Herbert", 1965);
    shelf.create("movies", new JsonObject().put("title", "Alien").put("director", "Ridley Scott"));

    HttpResponse<Buffer> response = batch(shelf, new JsonArray()
        .add(op("POST", "/books", new JsonObject().put("title", "Emma").put("author", "Jane Austen")))
        .add(op("PATCH", "/books/" + dune.getLong("id"), new JsonObject().put("year", 1966)).put("headers",
            new JsonObject().put("If-Match", "\"1\"")))
        .add(op("GET", "/books?sort=title&limit=1", null))
        .add(op("DELETE", "/movies?title=Alien", null))
        .add(op("GET", "/books/" + dune.getLong("id"), null)));

    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
    JsonArray results = response.bodyAsJsonObject().getJsonArray("results");
    assertThat(results).hasSize(5);
    JsonObject created = results.getJsonObject(0);
    assertThat(created.getInteger("status")).isEqualTo(201);
    long emma = created.getJsonObject("body").getLong("id");
    assertThat(created.getJsonObject("headers").getString("Location")).isEqualTo("/books/" + emma);
    assertThat(created.getJsonObject("headers").getString("ETag")).isEqualTo("\"1\"");
    assertThat(results.getJsonObject(1).getJsonObject("headers").getString("ETag")).isEqualTo("\"2\"");
    JsonObject page = results.getJsonObject(2).getJsonObject("body");
    assertThat(page.getJsonArray("items").getJsonObject(0).getString("title")).isEqualTo("Dune");
    assertThat(page.getString("next")).as("a cursor that works on GET /books").isNotNull();
    assertThat(shelf.get("/books?sort=title&limit=1&cursor=" + page.getString("next")).bodyAsJsonObject()
        .getJsonArray("items").getJsonObject(0).getString("title")).isEqualTo("Emma");
    assertThat(results.getJsonObject(3).getJsonObject("body").getInteger("deleted")).isEqualTo(1);
    assertThat(results.getJsonObject(4).getJsonObject("body").getInteger("year")).as("sees the earlier PATCH").isEqualTo(1966);

    assertThat(shelf.get("/books/" + emma).statusCode()).isEqualTo(200);
    assertThat(shelf.get("/movies").bodyAsJsonObject().getJsonArray("items")).isEmpty();
  }

  @Test
  @DisplayName("a validation error at operation i: 422 naming i with the field errors, and nothing stored")
  void validationFailsAll(Vertx vertx) {
    RunningShelf shelf = RunningShelf.start(vertx, dir);
    JsonObject problem = assertProblem(batch(shelf, new JsonArray()
        .add(op("POST", "/books", new JsonObject().put("title", "Kept?").put("author", "A")))
        .add(op("POST", "/books", new JsonObject().put("title", "").put("author", "B")))), 422);

    assertThat(problem.getInteger("operation")).isEqualTo(1);
    assertThat(problem.getJsonObject("problem").getInteger("status")).isEqualTo(422);
    assertThat(problem.getJsonObject("problem").getJsonArray("errors").getJsonObject(0).getString("field")).isEqualTo("title");
    assertThat(shelf.get("/books").bodyAsJsonObject().getJsonArray("items")).isEmpty();
  }

  @Test
  @DisplayName("a stale If-Match at operation i: 412 naming i and the current version, and nothing stored")
  void staleVersionFailsAll(Vertx vertx) {
    RunningShelf shelf = RunningShelf.start(vertx, dir);
    long id = shelf.book("Dune", "Frank Herbert", 1965).getLong("id");
    JsonObject stale = new JsonObject().put("If-Match", "\"1\"");

    JsonObject problem = assertProblem(batch(shelf, new JsonArray()
        .add(op("POST", "/books", new JsonObject().put("title", "Emma").put("author", "Jane Austen")))
        .add(op("PATCH", "/books/" + id, new JsonObject().put("year", 1966)).put("headers", stale))
        .add(op("DELETE", "/books/" + id, null).put("headers", stale))), 412);

    assertThat(problem.getInteger("operation")).isEqualTo(2);
    assertThat(problem.getJsonObject("problem").getLong("currentVersion")).isEqualTo(2);
    assertThat(shelf.get("/books/" + id).bodyAsJsonObject().getInteger("year")).isEqualTo(1965);
    assertThat(shelf.get("/books").bodyAsJsonObject().getJsonArray("items")).hasSize(1);

    JsonObject missing = assertProblem(batch(shelf, new JsonArray()
        .add(op("DELETE", "/books/424242", null).put("headers", new JsonObject().put("If-Match", "*")))), 412);
    assertThat(missing.getInteger("operation")).as("If-Match: * on a missing record, as the single call").isZero();
  }

  @ParameterizedTest
  @ValueSource(strings = {"POST /batch", "POST /books/import", "POST /admin/backup", "GET /events",
      "GET /openapi.json", "PUT /books", "POST /books/1", "HEAD /books", "GET /books/1/x", "GET /shelves"})
  @DisplayName("only the API's reads and writes may be inside: anything else is 400 naming its index")
  void onlyApiRoutes(String call, Vertx vertx) {
    RunningShelf shelf = RunningShelf.start(vertx, dir);
    String[] parts = call.split(" ");
    JsonObject problem = assertProblem(batch(shelf, new JsonArray()
        .add(op("POST", "/books", new JsonObject().put("title", "Emma").put("author", "Jane Austen")))
        .add(op(parts[0], parts[1], null))), 400);

    assertThat(problem.getInteger("operation")).isEqualTo(1);
    assertThat(problem.getString("detail")).contains("not allowed in a batch");
    assertThat(shelf.get("/books").bodyAsJsonObject().getJsonArray("items")).isEmpty();
  }

  @Test
  @DisplayName("more operations than http.batchMax, or none, is 400 and nothing is stored")
  void tooMany(Vertx vertx) {
    RunningShelf shelf = RunningShelf.start(vertx, dir, new JsonObject().put("http", new JsonObject().put("batchMax", 2)));
    JsonObject emma = new JsonObject().put("title", "Emma").put("author", "Jane Austen");
    JsonObject problem = assertProblem(batch(shelf, new JsonArray()
        .add(op("POST", "/books", emma)).add(op("POST", "/books", emma)).add(op("POST", "/books", emma))), 400);
    assertThat(problem.getString("detail")).contains("from 1 to 2 operations (got 3)");
    assertProblem(batch(shelf, new JsonArray()), 400);
    assertThat(shelf.get("/books").bodyAsJsonObject().getJsonArray("items")).isEmpty();
    assertThat(batch(shelf, new JsonArray().add(op("POST", "/books", emma)).add(op("POST", "/books", emma))).statusCode())
        .isEqualTo(200);
  }

  @ParameterizedTest
  @ValueSource(strings = {"[]", "{}", "{\"operations\":{}}", "{\"operations\":[],\"x\":1}", "not json",
      "{\"operations\":[1]}", "{\"operations\":[{\"method\":\"GET\"}]}",
      "{\"operations\":[{\"method\":\"GET\",\"path\":\"/books\",\"extra\":1}]}",
      "{\"operations\":[{\"method\":\"POST\",\"path\":\"/books\",\"body\":[1]}]}",
      "{\"operations\":[{\"method\":\"POST\",\"path\":\"/books\"}]}",
      "{\"operations\":[{\"method\":\"GET\",\"path\":\"/books\",\"headers\":{\"Authorization\":\"x\"}}]}",
      "{\"operations\":[{\"method\":\"GET\",\"path\":\"/books?limit=%\"}]}",
      "{\"operations\":[{\"method\":\"GET\",\"path\":\"/books?format=csv\"}]}",
      "{\"operations\":[{\"method\":\"G E T\",\"path\":\"/books\"}]}"})
  @DisplayName("a body of the wrong shape is 400, never a 500")
  void badShape(String body, Vertx vertx) {
    RunningShelf shelf = RunningShelf.start(vertx, dir);
    assertProblem(shelf.send(POST, "/batch", body), 400);
  }

  @Test
  @DisplayName("one event per changed record, each published after the commit (its record is readable); none for a failed batch")
  void eventsAfterCommit(Vertx vertx) throws Exception {
    RunningShelf shelf = RunningShelf.start(vertx, dir);
    try (EventReader events = EventReader.open(shelf, null)) {
      assertThat(events.next().type()).isEqualTo("ready");
      assertThat(batch(shelf, new JsonArray()
          .add(op("POST", "/books", new JsonObject().put("title", "A").put("author", "X")))
          .add(op("POST", "/movies", new JsonObject().put("title", "B").put("director", "Y")))
          .add(op("GET", "/books", null))).statusCode()).isEqualTo(200);
      for (String type : new String[] {"book.created", "movie.created"}) {
        EventReader.Event event = events.next();
        assertThat(event.type()).isEqualTo(type);
        String collection = type.startsWith("book") ? "/books/" : "/movies/";
        assertThat(shelf.get(collection + event.json().getLong("id")).statusCode()).isEqualTo(200);
      }
      assertProblem(batch(shelf, new JsonArray()
          .add(op("POST", "/books", new JsonObject().put("title", "C").put("author", "X")))
          .add(op("GET", "/books/424242", null))), 404);
      assertThat(events.poll(Duration.ofMillis(500))).as("no event from a batch that failed").isNull();
    }
  }

  @Test
  @DisplayName("auth as for the single calls: writes need the token; reads only with auth.protectReads")
  void auth(Vertx vertx) {
    JsonObject config = new JsonObject().put("auth", new JsonObject().put("token", "s3cret"));
    RunningShelf shelf = RunningShelf.start(vertx, dir, config);
    JsonArray writes = new JsonArray().add(op("GET", "/books", null))
        .add(op("POST", "/books", new JsonObject().put("title", "A").put("author", "X")));
    assertProblem(batch(shelf, writes, null), 401);
    assertProblem(batch(shelf, writes, "Bearer wrong"), 401);
    assertThat(shelf.get("/books").bodyAsJsonObject().getJsonArray("items")).isEmpty();
    assertThat(batch(shelf, new JsonArray().add(op("GET", "/books", null)), null).statusCode()).isEqualTo(200);
    assertThat(batch(shelf, writes, "Bearer s3cret").statusCode()).isEqualTo(200);
    shelf.stop();

    config.getJsonObject("auth").put("protectReads", true);
    RunningShelf guarded = RunningShelf.start(vertx, dir, config);
    assertProblem(batch(guarded, new JsonArray().add(op("GET", "/books", null)), null), 401);
    assertThat(batch(guarded, new JsonArray().add(op("GET", "/books", null)), "Bearer s3cret").statusCode()).isEqualTo(200);
  }

  private static JsonObject op(String method, String path, JsonObject body) {
    JsonObject op = new JsonObject().put("method", method).put("path", path);
    return body == null ? op : op.put("body", body);
  }

  private static HttpResponse<Buffer> batch(RunningShelf shelf, JsonArray operations) {
    return shelf.send(POST, "/batch", new JsonObject().put("operations", operations));
  }

  private static HttpResponse<Buffer> batch(RunningShelf shelf, JsonArray operations, String authorization) {
    var request = shelf.http.post("/batch").putHeader("Content-Type", "application/json");
    if (authorization != null) {
      request.putHeader("Authorization", authorization);
    }
    return RunningShelf.await(request.sendBuffer(Buffer.buffer(new JsonObject().put("operations", operations).encode())));
  }
}
