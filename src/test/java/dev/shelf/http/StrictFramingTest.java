package dev.shelf.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shelf.support.RawHttp;
import dev.shelf.support.RunningShelf;
import dev.shelf.support.ShelfTest;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Raw sockets, so the framing goes out exactly as written. Each ambiguous request carries a second
 * request hidden where one reading of the framing would find it: it must never be answered.
 */
@ShelfTest
@DisplayName("HTTP/1.1 framing (RFC 9112): ambiguous requests are refused as problems and the connection closed")
class StrictFramingTest {

  private static final String SMUGGLED = "GET /books/1 HTTP/1.1\r\nHost: x\r\n\r\n";

  RunningShelf shelf;

  @BeforeEach
  void start(RunningShelf shelf) {
    this.shelf = shelf;
    shelf.book("Dune", "Frank Herbert", 1965);
  }

  @Test
  @DisplayName("Content-Length with Transfer-Encoding: chunked is a 400 problem, the connection closes, nothing is stored")
  void lengthAndChunked() throws Exception {
    String body = "{\"title\":\"T\",\"author\":\"A\"}";
    String chunked = Integer.toHexString(body.length()) + "\r\n" + body + "\r\n0\r\n\r\n";
    RawHttp.Exchange exchange = RawHttp.send(shelf.port, "POST /books HTTP/1.1\r\nHost: x\r\n"
        + "Content-Type: application/json\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n"
        + chunked + SMUGGLED, 5_000);

    assertRefused(exchange, 400, "Content-Length and Transfer-Encoding");
    assertThat(shelf.get("/books").bodyAsJsonObject().getJsonArray("items")).hasSize(1);
  }

  @ParameterizedTest(name = "Transfer-Encoding: {0} → {1}")
  @CsvSource(delimiter = '|', value = {
      "gzip           | 400",
      "gzip, chunked  | 400",
      "chunked, gzip  | 400",
      "identity       | 501",
      "xchunked       | 501",
      "chunked, foo   | 501"})
  void onlyChunked(String codings, int status) throws Exception {
    RawHttp.Exchange exchange = RawHttp.send(shelf.port, "POST /books HTTP/1.1\r\nHost: x\r\n"
        + "Content-Type: application/json\r\nTransfer-Encoding: " + codings + "\r\n\r\n0\r\n\r\n" + SMUGGLED, 5_000);

    assertRefused(exchange, status, "");
  }

  @Test
  @DisplayName("two Transfer-Encoding: chunked headers are a 400 too")
  void twoTransferEncodingHeaders() throws Exception {
    RawHttp.Exchange exchange = RawHttp.send(shelf.port, "POST /books HTTP/1.1\r\nHost: x\r\n"
        + "Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n" + SMUGGLED, 5_000);

    assertRefused(exchange, 400, "exactly chunked");
  }

  @Test
  @DisplayName("two Host headers are a 400 problem and the connection closes")
  void twoHosts() throws Exception {
    RawHttp.Exchange exchange = RawHttp.send(shelf.port, "GET /books HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n" + SMUGGLED, 5_000);

    assertRefused(exchange, 400, "Host");
  }

  @Test
  @DisplayName("a plain chunked POST, and pipelined requests on one connection, still work")
  void chunkedStillWorks() throws Exception {
    String body = "{\"title\":\"T\",\"author\":\"A\"}";
    RawHttp.Exchange exchange = RawHttp.send(shelf.port, "POST /books HTTP/1.1\r\nHost: x\r\n"
        + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
        + Integer.toHexString(body.length()) + "\r\n" + body + "\r\n0\r\n\r\n"
        + "GET /books/1 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", 5_000);

    assertThat(exchange.status()).isEqualTo(201);
    assertThat(exchange.responses()).isEqualTo(2);
  }

  private static void assertRefused(RawHttp.Exchange exchange, int status, String detail) {
    assertThat(exchange.status()).as(exchange.text()).isEqualTo(status);
    assertThat(exchange.header("Content-Type")).isEqualTo("application/problem+json");
    assertThat(exchange.closed()).as("connection closed").isTrue();
    assertThat(exchange.responses()).as("the hidden request is never answered: %s", exchange.text()).isEqualTo(1);
    String body = exchange.afterHead();
    JsonObject problem = new JsonObject(body);
    assertThat(problem.getInteger("status")).isEqualTo(status);
    assertThat(problem.getString("detail")).contains(detail);
  }
}
