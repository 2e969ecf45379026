package dev.shelf.http;

import static dev.shelf.support.ProblemAssert.assertProblem;
import static io.vertx.core.http.HttpMethod.PATCH;
import static io.vertx.core.http.HttpMethod.POST;
import static io.vertx.core.http.HttpMethod.PUT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.shelf.support.RunningShelf;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

@ExtendWith(VertxExtension.class)
@DisplayName("Request bodies, content types, unknown routes and methods")
class RequestBodyTest {

  private static final String DUNE = "{\"title\":\"Dune\",\"author\":\"Frank Herbert\"}";

  @TempDir
  Path dir;
  RunningShelf shelf;

  @BeforeEach
  void start(Vertx vertx) {
    shelf = RunningShelf.start(vertx, dir, new JsonObject().put("http", new JsonObject().put("bodyLimit", 1024)));
  }

  @ParameterizedTest(name = "Content-Type \"{0}\" is read as JSON")
  @ValueSource(strings = {"application/json", "application/json; charset=utf-8", "APPLICATION/JSON",
      "application/merge-patch+json", "application/vnd.shelf+json", "text/plain", "text/plain;charset=UTF-8"})
  void jsonLikeTypesAreAccepted(String type) {
    assertThat(shelf.send(POST, "/books", DUNE, type).statusCode()).isEqualTo(201);
  }

  @Test
  @DisplayName("a body without Content-Type is read as JSON")
  void noContentType() {
    assertThat(shelf.send(POST, "/books", DUNE, null).statusCode()).isEqualTo(201);
  }

  @ParameterizedTest(name = "Content-Type \"{0}\" is 415")
  @ValueSource(strings = {"application/x-www-form-urlencoded", "multipart/form-data; boundary=xyz",
      "application/xml", "text/html", "image/png", "application/octet-stream"})
  void otherTypesAreRefused(String type) {
    assertProblem(shelf.send(POST, "/books", DUNE, type), 415);
    assertProblem(shelf.send(PUT, "/books/1", DUNE, type), 415);
    assertProblem(shelf.send(PATCH, "/books/1", DUNE, type), 415);
    assertThat(shelf.get("/books").bodyAsJsonObject().getJsonArray("items")).isEmpty();
  }

  @ParameterizedTest(name = "body {0} is 400")
  @ValueSource(strings = {"", "{", "{\"title\":", "not json", "[1,2]", "[]", "\"a string\"", "42", "null", "true",
      "{\"title\":\"a\",}", "{'title':'a'}", "{\"title\":\"Dune\"} trailing"})
  void malformedOrNonObjectBodies(String body) {
    assertProblem(shelf.send(POST, "/books", body), 400);
    assertProblem(shelf.send(PATCH, "/books/1", body), 400);
  }

  @Test
  @DisplayName("invalid UTF-8 is 400, valid multi-byte UTF-8 is stored")
  void utf8() {
    byte[] bad = "{\"title\":\"X\",\"author\":\"a\"}".getBytes(StandardCharsets.UTF_8);
    bad[10] = (byte) 0xC3; // a lead byte followed by '"' is not UTF-8
    assertProblem(shelf.send(POST, "/books", bad, "application/json"), 400);
    assertProblem(shelf.send(POST, "/books", new byte[] {'{', '"', (byte) 0xFF, '"', ':', '1', '}'}, "application/json"), 400);

    byte[] good = "{\"title\":\"Ça\",\"author\":\"Åsa\"}".getBytes(StandardCharsets.UTF_8);
    assertThat(shelf.send(POST, "/books", good, "application/json").bodyAsJsonObject().getString("title")).isEqualTo("Ça");
  }

  @Test
  @DisplayName("deeply nested JSON is answered with 4xx, not a stack overflow")
  void deepNesting() {
    Vertx own = Vertx.vertx(); // one Shelf per Vert.x: this one needs a larger body limit
    try {
      RunningShelf roomy = RunningShelf.start(own, dir.resolve("roomy"),
          new JsonObject().put("http", new JsonObject().put("bodyLimit", 1_000_000)));
      String deep = "{\"title\":" + "[".repeat(100_000) + "]".repeat(100_000) + ",\"author\":\"a\"}";

      assertProblem(roomy.send(POST, "/books", deep), 400);
      assertProblem(roomy.send(POST, "/books", "{\"title\":" + "[".repeat(50) + "]".repeat(50) + ",\"author\":\"a\"}"), 422);
    } finally {
      RunningShelf.await(own.close());
    }
  }

  @Test
  @DisplayName("a body over http.bodyLimit is 413 and nothing is stored")
  void tooLarge() {
    String huge = "{\"title\":\"" + "x".repeat(2000) + "\",\"author\":\"a\"}";

    assertProblem(shelf.send(POST, "/books", huge), 413);
    assertThat(shelf.get("/books").bodyAsJsonObject().getJsonArray("items")).isEmpty();
  }

  @Test
  @DisplayName("an unknown route is 404 problem+json")
  void unknownRoute() {
    assertProblem(shelf.get("/nope"), 404);
    assertProblem(shelf.get("/books/1/chapters"), 404);
    assertProblem(shelf.send(POST, "/nope", DUNE), 404);
  }

  @ParameterizedTest(name = "{0} {1} is 405 with Allow: {2}")
  @CsvSource(delimiter = '|', value = {
      "PUT    | /books     | DELETE, GET, HEAD, POST",
      "PATCH  | /movies    | DELETE, GET, HEAD, POST",
      "POST   | /books/1   | DELETE, GET, HEAD, PATCH, PUT",
      "DELETE | /demo/wait | GET, HEAD"})
  void otherMethodsAreNotAllowed(String method, String uri, String allow) {
    HttpResponse<Buffer> response = shelf.send(HttpMethod.valueOf(method), uri, DUNE);

    assertProblem(response, 405);
    assertThat(response.getHeader("Allow")).isEqualTo(allow);
  }
}
