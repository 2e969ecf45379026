package dev.shelf.http;

import static dev.shelf.support.ProblemAssert.assertProblem;
import static io.vertx.core.http.HttpMethod.DELETE;
import static io.vertx.core.http.HttpMethod.PATCH;
import static io.vertx.core.http.HttpMethod.POST;
import static org.assertj.core.api.Assertions.assertThat;

import dev.shelf.config.ShelfConfig;
import dev.shelf.support.RunningShelf;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(VertxExtension.class)
@DisplayName("Write protection with auth.token, and the security headers every response carries")
class BearerTokensTest {

  private static final String DUNE = "{\"title\":\"Dune\",\"author\":\"Frank Herbert\"}";

  @TempDir
  Path dir;

  @Test
  @DisplayName("with a token, writes need Authorization: Bearer <token>; reads and pages stay open")
  void writesNeedTheToken(Vertx vertx) {
    RunningShelf shelf = RunningShelf.start(vertx, dir, auth("s3cret", false));

    for (String header : new String[] {null, "Bearer wrong", "Bearer s3cret2", "Basic s3cret", "s3cret", "Bearer "}) {
      HttpResponse<Buffer> refused = post(shelf, header);
      assertProblem(refused, 401);
      assertThat(refused.getHeader("WWW-Authenticate")).startsWith("Bearer");
    }
    HttpResponse<Buffer> created = post(shelf, "Bearer s3cret");
    assertThat(created.statusCode()).isEqualTo(201);
    String uri = created.getHeader("Location");

    assertProblem(shelf.send(PATCH, uri, "{\"year\":1}"), 401);
    assertProblem(shelf.send(DELETE, uri, ""), 401);
    assertProblem(shelf.delete("/books?title=Dune"), 401);
    assertThat(shelf.get(uri).statusCode()).isEqualTo(200);
    assertThat(shelf.get("/books").statusCode()).isEqualTo(200);
    assertThat(shelf.get("/").statusCode()).isEqualTo(200);
    assertThat(RunningShelf.await(shelf.http.delete(uri).putHeader("Authorization", "bearer s3cret").send()).statusCode())
        .isEqualTo(204);
  }

  @Test
  @DisplayName("with auth.protectReads, API reads need the token too, pages do not")
  void protectReads(Vertx vertx) {
    RunningShelf shelf = RunningShelf.start(vertx, dir, auth("s3cret", true));

    assertProblem(shelf.get("/books"), 401);
    assertProblem(shelf.get("/movies/1"), 401);
    assertThat(RunningShelf.await(shelf.http.get("/books").putHeader("Authorization", "Bearer s3cret").send()).statusCode())
        .isEqualTo(200);
    assertThat(shelf.get("/").statusCode()).isEqualTo(200);
  }

  @Test
  @DisplayName("without a token nothing is protected")
  void noToken(Vertx vertx) {
    RunningShelf shelf = RunningShelf.start(vertx, dir);

    assertThat(post(shelf, null).statusCode()).isEqualTo(201);
  }

  @Test
  @DisplayName("SHELF_TOKEN sets the token from the environment")
  void tokenFromEnvironment() {
    assertThat(ShelfConfig.load(new JsonObject(), Map.of("SHELF_TOKEN", "abc"), "env").auth().token()).isEqualTo("abc");
    assertThat(ShelfConfig.load(new JsonObject(), Map.of("SHELF_AUTH_TOKEN", "xyz"), "env").auth().token()).isEqualTo("xyz");
    assertThat(ShelfConfig.load(new JsonObject(), Map.of(), "env").auth().token()).isEmpty();
  }

  @Test
  @DisplayName("every response has X-Content-Type-Options: nosniff; pages also a Content-Security-Policy")
  void securityHeaders(Vertx vertx) {
    RunningShelf shelf = RunningShelf.start(vertx, dir);

    for (HttpResponse<Buffer> response : new HttpResponse[] {shelf.get("/"), shelf.get("/books"), shelf.get("/nope"),
        shelf.send(HttpMethod.POST, "/books", "{"), shelf.get("/style.css"), shelf.send(POST, "/books", DUNE)}) {
      assertThat(response.getHeader("X-Content-Type-Options")).isEqualTo("nosniff");
    }
    String policy = shelf.get("/").getHeader("Content-Security-Policy");
    assertThat(policy).contains("default-src 'self'").contains("script-src 'self'").contains("img-src 'self' data:")
        .doesNotContain("unsafe-inline");
    assertThat(shelf.get("/books").getHeader("Content-Security-Policy")).isNull();
  }

  private static HttpResponse<Buffer> post(RunningShelf shelf, String authorization) {
    var request = shelf.http.post("/books").putHeader("Content-Type", "application/json");
    if (authorization != null) {
      request.putHeader("Authorization", authorization);
    }
    return RunningShelf.await(request.sendBuffer(Buffer.buffer(DUNE)));
  }

  private static JsonObject auth(String token, boolean protectReads) {
    return new JsonObject().put("auth", new JsonObject().put("token", token).put("protectReads", protectReads));
  }
}
