package dev.shelf.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shelf.support.LogCapture;
import dev.shelf.support.RawHttp;
import dev.shelf.support.RunningShelf;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@ExtendWith(VertxExtension.class)
@DisplayName("A path with a broken percent-escape is a 400 problem, with nothing in the error log")
class BrokenEscapeTest {

  @TempDir
  Path dir;

  @ParameterizedTest(name = "{0} {1}")
  @ValueSource(strings = {"GET /books/%zz", "GET /%", "GET /books/1%", "DELETE /books/%g1", "POST /books%2", "GET /%zz/x"})
  void problemNotStackTrace(String request, Vertx vertx) throws Exception {
    RunningShelf shelf = RunningShelf.start(vertx, dir);
    try (LogCapture log = new LogCapture(org.slf4j.Logger.ROOT_LOGGER_NAME)) {
      RawHttp.Exchange exchange = RawHttp.send(shelf.port,
          request + " HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\nConnection: close\r\n\r\n", 5_000);

      assertThat(exchange.status()).isEqualTo(400);
      assertThat(exchange.header("Content-Type")).isEqualTo("application/problem+json");
      JsonObject problem = new JsonObject(exchange.afterHead());
      assertThat(problem.getInteger("status")).isEqualTo(400);
      assertThat(problem.getString("detail")).contains("percent-escape");
      assertThat(log.messages()).noneMatch(line -> line.contains("Unhandled") || line.contains("escape"));
    }
    assertThat(shelf.get("/books").statusCode()).isEqualTo(200);
  }
}
