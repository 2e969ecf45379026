package dev.shelf.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shelf.support.RawHttp;
import dev.shelf.support.RunningShelf;
import dev.shelf.support.ShelfTest;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@ShelfTest
@DisplayName("HEAD answers wherever GET does: the same status and headers, no body (RFC 9110)")
class HeadRequestTest {

  RunningShelf shelf;

  @BeforeEach
  void start(RunningShelf shelf) {
    this.shelf = shelf;
    shelf.book("Dune", "Frank Herbert", 1965);
  }

  @ParameterizedTest(name = "HEAD {0} has the status, type, length and ETag of GET")
  @ValueSource(strings = {"/books", "/books/1", "/movies", "/books/999", "/health/live", "/health/ready",
      "/openapi.json", "/books?limit=1&sort=-year", "/", "/app/app.js"})
  void likeGet(String uri) {
    HttpResponse<Buffer> get = shelf.get(uri);
    HttpResponse<Buffer> head = head(uri);

    assertThat(head.statusCode()).isEqualTo(get.statusCode());
    assertThat(head.getHeader("Content-Type")).isEqualTo(get.getHeader("Content-Type"));
    assertThat(head.getHeader("ETag")).isEqualTo(get.getHeader("ETag"));
    assertThat(head.getHeader("Content-Length")).isEqualTo(String.valueOf(get.body().length()));
    assertThat(head.body()).isNull();
  }

  @Test
  @DisplayName("HEAD /metrics, a CSV export and /events answer 200 with their content types")
  void streamsAndScrapes() {
    assertThat(head("/metrics").statusCode()).isEqualTo(200);
    assertThat(head("/metrics").getHeader("Content-Type")).startsWith("text/plain");
    assertThat(head("/metrics").getHeader("Content-Length")).matches("[1-9]\\d*");
    assertThat(head("/books?format=csv").statusCode()).isEqualTo(200);
    assertThat(head("/books?format=csv").getHeader("Content-Type")).startsWith("text/csv");
    assertThat(head("/events").statusCode()).isEqualTo(200);
    assertThat(head("/events").getHeader("Content-Type")).startsWith("text/event-stream");
  }

  @ParameterizedTest(name = "HEAD {0} sends no body bytes on the wire")
  @ValueSource(strings = {"/books/1", "/books", "/metrics", "/books?format=csv", "/events", "/books/%zz"})
  void noBodyOnTheWire(String uri) throws Exception {
    RawHttp.Exchange exchange = RawHttp.send(shelf.port,
        "HEAD " + uri + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", 5_000);

    assertThat(exchange.status()).isBetween(200, 499);
    assertThat(exchange.afterHead()).isEmpty();
    assertThat(exchange.closed()).isTrue();
  }

  @Test
  @DisplayName("a 405 lists HEAD in Allow next to GET")
  void allowListsHead() {
    HttpResponse<Buffer> put = shelf.send(HttpMethod.PUT, "/books", "{}");
    HttpResponse<Buffer> post = shelf.send(HttpMethod.POST, "/health/live", "{}");

    assertThat(put.statusCode()).isEqualTo(405);
    assertThat(put.getHeader("Allow")).isEqualTo("DELETE, GET, HEAD, POST");
    assertThat(post.getHeader("Allow")).isEqualTo("GET, HEAD");
  }

  private HttpResponse<Buffer> head(String uri) {
    return RunningShelf.await(shelf.http.request(HttpMethod.HEAD, uri).send());
  }
}
