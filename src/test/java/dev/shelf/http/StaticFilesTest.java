package dev.shelf.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shelf.support.RunningShelf;
import dev.shelf.support.ShelfTest;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@ShelfTest
@DisplayName("The landing page and static files")
class StaticFilesTest {

  @Test
  @DisplayName("GET / serves the page about Shelf with its embedded image and links to the collections")
  void landingPage(RunningShelf shelf) {
    HttpResponse<Buffer> page = shelf.get("/");

    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.getHeader("Content-Type")).startsWith("text/html");
    String html = page.bodyAsString();
    assertThat(html).contains("<img").containsPattern("src=\"data:image/png;base64,[A-Za-z0-9+/=]{100,}\"");
    assertThat(html).contains("href=\"/books\"").contains("href=\"/movies\"");
    assertThat(html).containsIgnoringCase("event loop");
  }

  @Test
  @DisplayName("static responses carry ETag and Last-Modified, and revalidation answers 304")
  void revalidation(RunningShelf shelf) {
    HttpResponse<Buffer> first = shelf.get("/");
    String etag = first.getHeader("ETag");
    String lastModified = first.getHeader("Last-Modified");

    assertThat(etag).isNotBlank();
    assertThat(lastModified).isNotBlank();
    assertThat(first.getHeader("Cache-Control")).isEqualTo("no-cache");
    assertThat(RunningShelf.await(shelf.http.get("/").putHeader("If-None-Match", etag).send()).statusCode()).isEqualTo(304);
    assertThat(RunningShelf.await(shelf.http.get("/index.html").putHeader("If-None-Match", etag).send()).statusCode())
        .isEqualTo(304);
    assertThat(RunningShelf.await(shelf.http.get("/").putHeader("If-Modified-Since", lastModified).send()).statusCode())
        .isEqualTo(304);
    assertThat(RunningShelf.await(shelf.http.get("/").putHeader("If-None-Match", "W/\"other\"").send()).statusCode())
        .isEqualTo(200);
  }

  @Test
  @DisplayName("pages are gzip-compressed when the client asks")
  void compression(RunningShelf shelf) {
    Fetched gzipped = fetch(shelf, "/", "gzip");

    assertThat(gzipped.headers().get("Content-Encoding")).isEqualTo("gzip");
    assertThat(gzipped.body().length()).isLessThan(shelf.get("/").body().length());
  }

  @ParameterizedTest(name = "{0} never serves a file outside webroot")
  @ValueSource(strings = {"/../pom.xml", "/%2e%2e/pom.xml", "/%2E%2E/pom.xml", "/..%2fpom.xml", "/..%2Fpom.xml",
      "/%2e%2e%2fpom.xml", "/%252e%252e/pom.xml", "/..%5cpom.xml", "/..\\pom.xml", "/.%2e/pom.xml",
      "/webroot/../pom.xml", "//etc/passwd", "/%2fetc%2fpasswd", "/..%00/pom.xml", "/index.html%00.txt",
      "/../../../../../../etc/passwd", "/%c0%ae%c0%ae/pom.xml", "/src/main/java/dev/shelf/MainVerticle.java"})
  void traversal(String path, RunningShelf shelf) {
    Fetched response = fetch(shelf, path, "identity");

    assertThat(response.status()).isBetween(400, 499);
    assertThat(response.body().toString()).doesNotContain("<project").doesNotContain("root:")
        .doesNotContain("package dev.shelf");
  }

  record Fetched(int status, MultiMap headers, Buffer body) {
  }

  /**
   * A raw request (the path is sent exactly as given). The body is asked for inside the callback
   * that sent the request, on the event loop, before the response can arrive: chained from this
   * thread instead, the response could arrive and end before body() was called, and body() would
   * then wait for ever (CI saw it: every thread idle, no answer within 30 s).
   */
  private static Fetched fetch(RunningShelf shelf, String path, String acceptEncoding) {
    HttpClient client = shelf.vertx.createHttpClient(RunningShelf.clientOptions());
    return RunningShelf.await(client.request(new RequestOptions().setHost("127.0.0.1").setPort(shelf.port)
            .setURI(path).setMethod(HttpMethod.GET).putHeader("Accept-Encoding", acceptEncoding))
        .compose(request -> request.send().compose(response -> response.body()
            .map(body -> new Fetched(response.statusCode(), response.headers(), body))))
        .eventually(client::close));
  }
}
