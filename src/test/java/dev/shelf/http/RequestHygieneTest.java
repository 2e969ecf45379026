package dev.shelf.http;

import static dev.shelf.support.ProblemAssert.assertProblem;
import static io.vertx.core.http.HttpMethod.POST;
import static org.assertj.core.api.Assertions.assertThat;

import dev.shelf.support.RawHttp;
import dev.shelf.support.RunningShelf;
import dev.shelf.support.ShelfTest;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@ShelfTest
@DisplayName("Request details: a BOM before JSON, comments in JSON, two Authorization headers, a non-ASCII Last-Event-ID")
class RequestHygieneTest {

  private static final String DUNE = "{\"title\":\"Dune\",\"author\":\"Frank Herbert\"}";

  RunningShelf shelf;

  @BeforeEach
  void start(RunningShelf shelf) {
    this.shelf = shelf;
  }

  @Test
  @DisplayName("a JSON body that starts with a UTF-8 byte-order mark is read like one without")
  void byteOrderMark() {
    byte[] json = DUNE.getBytes(StandardCharsets.UTF_8);
    byte[] withBom = new byte[json.length + 3];
    withBom[0] = (byte) 0xEF;
    withBom[1] = (byte) 0xBB;
    withBom[2] = (byte) 0xBF;
    System.arraycopy(json, 0, withBom, 3, json.length);

    HttpResponse<Buffer> created = shelf.send(POST, "/books", withBom, "application/json");

    assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(201);
    assertThat(created.bodyAsJsonObject().getString("title")).isEqualTo("Dune");
  }

  @ParameterizedTest(name = "{0} is a 400 problem: strict JSON has no comments")
  @ValueSource(strings = {"/* c */ {\"title\":\"Dune\",\"author\":\"Frank Herbert\"}",
      "{\"title\":\"Dune\", // c\n \"author\":\"Frank Herbert\"}", "{\"title\":\"Dune\",\"author\":\"F\"} /* c */",
      "# c\n{\"title\":\"Dune\",\"author\":\"F\"}"})
  void comments(String body) {
    assertProblem(shelf.send(POST, "/books", body), 400);
    assertThat(shelf.get("/books").bodyAsJsonObject().getJsonArray("items")).isEmpty();
  }

  @Test
  @DisplayName("two Authorization headers are a 400 problem, token or not")
  void twoAuthorizationHeaders() throws Exception {
    RawHttp.Exchange exchange = RawHttp.send(shelf.port, "GET /books HTTP/1.1\r\nHost: x\r\n"
        + "Authorization: Bearer a\r\nAuthorization: Bearer b\r\nConnection: close\r\n\r\n", 5_000);

    assertThat(exchange.status()).isEqualTo(400);
    assertThat(exchange.header("Content-Type")).isEqualTo("application/problem+json");
    assertThat(new JsonObject(exchange.afterHead()).getString("detail")).contains("Authorization");
  }

  @Test
  @DisplayName("a non-ASCII Last-Event-ID gets a reset that does not echo its bytes back garbled")
  void nonAsciiLastEventId() throws Exception {
    // "é€" as UTF-8 bytes, written one char per byte.
    String utf8Bytes = new String("é€".getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
    RawHttp.Exchange exchange = RawHttp.send(shelf.port, "GET /events HTTP/1.1\r\nHost: x\r\nLast-Event-ID: "
        + utf8Bytes + "\r\n\r\n", 2_000);

    assertThat(exchange.status()).isEqualTo(200);
    assertThat(exchange.afterHead()).contains("event: reset").contains("not an event id")
        .doesNotContain("Ã").doesNotContain("\uFFFD");
  }
}
