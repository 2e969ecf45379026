package dev.shelf.http;

import static dev.shelf.support.ProblemAssert.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.shelf.support.RunningShelf;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

@ExtendWith(VertxExtension.class)
@DisplayName("HTTP niceties: CORS when configured, Cache-Control by kind of answer, one access-log line per request")
class HttpNicetiesTest {

  @TempDir
  Path dir;

  private static HttpResponse<Buffer> send(RunningShelf shelf, HttpMethod method, String uri, String... headers) {
    var request = shelf.http.request(method, uri);
    for (int i = 0; i < headers.length; i += 2) {
      request.putHeader(headers[i], headers[i + 1]);
    }
    return RunningShelf.await(request.send());
  }

  @Test
  @DisplayName("CORS is off by default: a cross-origin request gets no Access-Control-Allow-Origin")
  void corsOffByDefault(Vertx vertx) {
    RunningShelf shelf = RunningShelf.start(vertx, dir);

    HttpResponse<Buffer> response = send(shelf, HttpMethod.GET, "/books", "Origin", "https://app.example");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.getHeader("Access-Control-Allow-Origin")).isNull();
  }

  @Test
  @DisplayName("with http.cors.origins: listed origins get preflight and CORS headers, others a 403 problem, same-origin passes")
  void corsConfigured(Vertx vertx) {
    RunningShelf shelf = RunningShelf.start(vertx, dir, new JsonObject().put("http", new JsonObject()
        .put("cors", new JsonObject().put("origins", new JsonArray().add("https://app.example")))));

    HttpResponse<Buffer> preflight = send(shelf, HttpMethod.OPTIONS, "/books", "Origin", "https://app.example",
        "Access-Control-Request-Method", "POST", "Access-Control-Request-Headers", "Content-Type");
    HttpResponse<Buffer> allowed = send(shelf, HttpMethod.GET, "/books", "Origin", "https://app.example");
    HttpResponse<Buffer> refused = send(shelf, HttpMethod.GET, "/books", "Origin", "https://evil.example");
    HttpResponse<Buffer> sameOrigin = send(shelf, HttpMethod.GET, "/books", "Origin", "http://127.0.0.1:" + shelf.port);

    assertThat(preflight.statusCode()).isEqualTo(204);
    assertThat(preflight.getHeader("Access-Control-Allow-Origin")).isEqualTo("https://app.example");
    assertThat(preflight.getHeader("Access-Control-Allow-Methods")).contains("POST").contains("PATCH");
    assertThat(preflight.getHeader("Access-Control-Allow-Headers")).containsIgnoringCase("content-type");
    assertThat(allowed.statusCode()).isEqualTo(200);
    assertThat(allowed.getHeader("Access-Control-Allow-Origin")).isEqualTo("https://app.example");
    assertThat(allowed.getHeader("Access-Control-Expose-Headers")).contains("Location");
    assertThat(assertProblem(refused, 403).getString("detail")).contains("http.cors.origins");
    assertThat(sameOrigin.statusCode()).isEqualTo(200);
  }

  @Test
  @DisplayName("API answers and problems are no-store; static files no-cache with an ETag; the docs' files may be cached")
  void cacheControl(Vertx vertx) {
    RunningShelf shelf = RunningShelf.start(vertx, dir);
    shelf.book("Dune", "Frank Herbert", 1965);

    assertThat(shelf.get("/books").getHeader("Cache-Control")).isEqualTo("no-store");
    assertThat(shelf.get("/books/1").getHeader("Cache-Control")).isEqualTo("no-store");
    assertThat(shelf.get("/books/999").getHeader("Cache-Control")).isEqualTo("no-store");
    assertThat(shelf.get("/no/such/path").getHeader("Cache-Control")).isEqualTo("no-store");
    assertThat(shelf.get("/metrics").getHeader("Cache-Control")).isEqualTo("no-store");
    assertThat(shelf.delete("/books/1").getHeader("Cache-Control")).isEqualTo("no-store");
    HttpResponse<Buffer> page = shelf.get("/");
    assertThat(page.getHeader("Cache-Control")).isEqualTo("no-cache");
    assertThat(page.getHeader("ETag")).isNotBlank();
    assertThat(shelf.get("/docs").getHeader("Cache-Control")).isEqualTo("no-cache");
    assertThat(shelf.get("/docs/swagger-ui.css").getHeader("Cache-Control")).contains("max-age=86400");
  }

  @Test
  @DisplayName("responses are gzip-compressed when the client accepts it")
  void compression(Vertx vertx) {
    RunningShelf shelf = RunningShelf.start(vertx, dir);

    HttpResponse<Buffer> docs = send(shelf, HttpMethod.GET, "/openapi.json", "Accept-Encoding", "gzip");

    assertThat(docs.getHeader("Content-Encoding")).isEqualTo("gzip");
  }

  @Test
  @DisplayName("each request is one line on shelf.access: client, method, URI, status, bytes, milliseconds")
  void accessLog(Vertx vertx) throws InterruptedException {
    Logger access = (Logger) LoggerFactory.getLogger("shelf.access");
    ListAppender<ILoggingEvent> lines = new ListAppender<>();
    lines.start();
    Level level = access.getLevel();
    access.setLevel(Level.INFO);
    access.addAppender(lines);
    try {
      RunningShelf shelf = RunningShelf.start(vertx, dir);
      shelf.book("Dune", "Frank Herbert", 1965);
      String body = shelf.get("/books/1?x=y").bodyAsString();
      shelf.get("/books/2");

      // The line is written when the response has ended on the server, which may be just after the client has it.
      long deadline = System.nanoTime() + 5_000_000_000L;
      while (lines.list.size() < 3 && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      List<String> messages = lines.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
      assertThat(messages).hasSize(3);
      assertThat(messages.get(0)).matches("127\\.0\\.0\\.1 POST /books 201 \\d+B \\d+\\.\\dms");
      assertThat(messages.get(1)).matches("127\\.0\\.0\\.1 GET /books/1\\?x=y 200 " + body.length() + "B \\d+\\.\\dms");
      assertThat(messages.get(2)).matches("127\\.0\\.0\\.1 GET /books/2 404 \\d+B \\d+\\.\\dms");
    } finally {
      access.detachAppender(lines);
      access.setLevel(level);
    }
  }
}
