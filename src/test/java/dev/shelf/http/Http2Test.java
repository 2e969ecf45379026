package dev.shelf.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shelf.support.RunningShelf;
import dev.shelf.support.TestCertificate;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(VertxExtension.class)
@DisplayName("HTTPS with HTTP/2: ALPN, the same limits and problems as HTTP/1.1")
class Http2Test {

  @TempDir
  Path dir;

  private record Answer(HttpVersion version, int status, String contentType, String body) {
  }

  private static RunningShelf tls(Vertx vertx, Path dir) {
    TestCertificate cert = TestCertificate.get();
    return RunningShelf.start(vertx, dir, new JsonObject().put("http", new JsonObject().put("tls", new JsonObject()
        .put("certPath", cert.certPath.toString()).put("keyPath", cert.keyPath.toString()))));
  }

  private static Answer get(Vertx vertx, HttpClientOptions options, int port, String uri, String header, int size) {
    HttpClient client = vertx.createHttpClient(options);
    try {
      RequestOptions request = new RequestOptions().setMethod(HttpMethod.GET).setHost("127.0.0.1").setPort(port).setURI(uri);
      if (header != null) {
        request.putHeader(header, "x".repeat(size));
      }
      // body() is asked for on the event loop as the request is sent, before the response can end.
      return RunningShelf.await(client.request(request).compose(r -> r.send().compose(response -> response.body()
          .map(body -> new Answer(response.version(), response.statusCode(), response.getHeader("Content-Type"),
              body.toString())))));
    } finally {
      RunningShelf.await(client.close());
    }
  }

  private static HttpClientOptions h2() {
    return new HttpClientOptions().setSsl(true).setUseAlpn(true).setProtocolVersion(HttpVersion.HTTP_2)
        .setTrustOptions(TestCertificate.get().trust());
  }

  @Test
  @DisplayName("with http.tls.* set, ALPN gives HTTP/2 to a client offering h2, and HTTP/1.1 to one that does not")
  void alpn(Vertx vertx) {
    RunningShelf shelf = tls(vertx, dir);

    Answer overH2 = get(vertx, h2(), shelf.port, "/health/live", null, 0);
    Answer overH1 = get(vertx, new HttpClientOptions().setSsl(true).setTrustOptions(TestCertificate.get().trust()),
        shelf.port, "/health/live", null, 0);

    assertThat(overH2.version()).isEqualTo(HttpVersion.HTTP_2);
    assertThat(overH2.status()).isEqualTo(200);
    assertThat(overH1.version()).isEqualTo(HttpVersion.HTTP_1_1);
    assertThat(overH1.status()).isEqualTo(200);
  }

  @Test
  @DisplayName("over HTTP/2, headers over 8 KB (up to 100 KB) get 431 problem+json, as over HTTP/1.1, and the connection lives on")
  void oversizedHeaders(Vertx vertx) {
    RunningShelf shelf = tls(vertx, dir);

    for (int size : new int[] {9_000, 60_000, 100_000}) {
      Answer answer = get(vertx, h2(), shelf.port, "/books", "X-Padding", size);
      assertThat(answer.version()).isEqualTo(HttpVersion.HTTP_2);
      assertThat(answer.status()).as("%d bytes of header", size).isEqualTo(431);
      assertThat(answer.contentType()).isEqualTo("application/problem+json");
      assertThat(new JsonObject(answer.body()).getString("detail")).isEqualTo("the request headers are too large");
    }
    assertThat(get(vertx, h2(), shelf.port, "/books", "X-Padding", 7_000).status()).isEqualTo(200);
  }

  @Test
  @DisplayName("over HTTP/2, headers beyond the advertised 128 KB list size are refused by the Vert.x client itself; the server serves on")
  void beyondTheAdvertisedListSize(Vertx vertx) {
    RunningShelf shelf = tls(vertx, dir);

    assertThatThrownBy(() -> get(vertx, h2(), shelf.port, "/books", "X-Padding", 200_000))
        .hasMessageContaining("Header size exceeded max allowed size (131072)");
    assertThat(get(vertx, h2(), shelf.port, "/books", null, 0).status()).isEqualTo(200);
  }

  @Test
  @DisplayName("over HTTP/2, a path over 4 KB (up to 100 KB) gets 414 problem+json, as over HTTP/1.1")
  void oversizedPath(Vertx vertx) {
    RunningShelf shelf = tls(vertx, dir);

    for (int size : new int[] {5_000, 100_000}) {
      Answer answer = get(vertx, h2(), shelf.port, "/books?q=" + "a".repeat(size), null, 0);
      assertThat(answer.status()).as("%d bytes of path", size).isEqualTo(414);
      assertThat(answer.contentType()).isEqualTo("application/problem+json");
    }
    assertThat(get(vertx, h2(), shelf.port, "/books?q=" + "a".repeat(3_000), null, 0).status()).isEqualTo(200);
  }

  @Test
  @DisplayName("without TLS there is no cleartext HTTP/2: the h2 preface (prior knowledge) gets a text 501, no HTTP/2 frame")
  void noPriorKnowledgeH2c(Vertx vertx) throws Exception {
    RunningShelf shelf = RunningShelf.start(vertx, dir);

    String answer = raw(shelf.port, "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n");

    // Vert.x answers a request line with a version it does not speak itself, before any handler
    // (so not as problem+json); with h2c on, the answer would be the binary SETTINGS frame.
    assertThat(answer).startsWith("HTTP/2.0 501 Not Implemented\r\n");
  }

  @Test
  @DisplayName("without TLS there is no cleartext HTTP/2: Upgrade: h2c is ignored and answered over HTTP/1.1")
  void noH2cUpgrade(Vertx vertx) throws Exception {
    RunningShelf shelf = RunningShelf.start(vertx, dir);

    String answer = raw(shelf.port, "GET /health/live HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: Upgrade, HTTP2-Settings\r\n"
        + "Upgrade: h2c\r\nHTTP2-Settings: AAMAAABkAARAAAAAAAIAAAAA\r\n\r\n");

    assertThat(answer).startsWith("HTTP/1.1 200 ").doesNotContainIgnoringCase("upgrade: h2c");
  }

  /** Sends {@code request} on a plain socket and reads what comes back within a second. */
  private static String raw(int port, String request) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(1_000);
      socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      byte[] chunk = new byte[8192];
      try {
        for (int n; (n = socket.getInputStream().read(chunk)) >= 0; ) {
          bytes.write(chunk, 0, n);
        }
      } catch (SocketTimeoutException enough) {
        // a kept-alive connection: what arrived is the answer
      }
      return bytes.toString(StandardCharsets.ISO_8859_1);
    }
  }
}
