package dev.shelf.http.server;

import static dev.shelf.support.ProblemAssert.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.shelf.http.Problems;
import dev.shelf.support.RawHttp;
import dev.shelf.support.RunningShelf;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.junit5.VertxExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * StaticFiles over real HTTP on a webroot of the test's own, with links and hidden files in it:
 * only regular files whose real path is inside the real webroot are served, never hidden ones;
 * single byte ranges follow RFC 9110.
 */
@ExtendWith(VertxExtension.class)
@DisplayName("Static files stay inside webroot, hide dotfiles, and answer byte ranges")
class StaticFilesGuardTest {

  @TempDir
  Path dir;
  WebClient http;
  int port;

  @BeforeEach
  void serve(Vertx vertx) throws Exception {
    Path root = Files.createDirectories(dir.resolve("webroot"));
    Path outside = Files.createDirectories(dir.resolve("outside"));
    Files.writeString(outside.resolve("secret.txt"), "outside secret");
    Files.writeString(root.resolve("digits.txt"), "0123456789");
    Files.writeString(root.resolve(".env"), "TOKEN=hidden");
    Files.createDirectories(root.resolve(".git"));
    Files.writeString(root.resolve(".git/config"), "[core] hidden");
    Files.createDirectories(root.resolve("sub"));
    Files.writeString(root.resolve("sub/index.html"), "<p>sub</p>");
    Files.createSymbolicLink(root.resolve("leak.txt"), Path.of("/etc/passwd"));
    Files.createSymbolicLink(root.resolve("secret.txt"), outside.resolve("secret.txt"));
    Files.createSymbolicLink(root.resolve("out"), outside);
    Files.createSymbolicLink(root.resolve("env.txt"), root.resolve(".env"));
    Files.createSymbolicLink(root.resolve("alias.txt"), root.resolve("digits.txt"));

    Router router = Router.router(vertx);
    router.route().handler(RequestChecks::check);
    router.route().method(HttpMethod.GET).method(HttpMethod.HEAD).handler(new StaticFiles(vertx, root));
    router.route().handler(ctx -> Problems.send(ctx, 404, "no such resource", List.of()));
    HttpServer server = RunningShelf.await(vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1"));
    port = server.actualPort();
    http = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(port));
  }

  @ParameterizedTest(name = "{0} is a 404 problem")
  @ValueSource(strings = {"/leak.txt", "/secret.txt", "/out/secret.txt", "/env.txt", "/.env", "/.git/config",
      "/%2eenv", "/.git/", "/sub/../.env", "/.git%2fconfig"})
  void neverServed(String path) throws Exception {
    RawHttp.Exchange exchange = RawHttp.send(port, "GET " + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", 5_000);

    assertThat(exchange.status()).isEqualTo(404);
    assertThat(exchange.header("Content-Type")).isEqualTo("application/problem+json");
    assertThat(exchange.afterHead()).doesNotContain("root:").doesNotContain("secret").doesNotContain("hidden");
  }

  @Test
  @DisplayName("a link to a file inside webroot is served, and a folder answers its index.html")
  void insideIsServed() {
    assertThat(get("/alias.txt").bodyAsString()).isEqualTo("0123456789");
    assertThat(get("/alias.txt").getHeader("Content-Type")).isEqualTo("text/plain;charset=UTF-8");
    assertThat(get("/sub/").bodyAsString()).isEqualTo("<p>sub</p>");
    assertThat(RunningShelf.await(http.get("/sub").followRedirects(false).send()).getHeader("Location")).isEqualTo("/sub/");
  }

  @ParameterizedTest(name = "Range: {0} → {1} {2}")
  @CsvSource(delimiter = '|', value = {
      "bytes=-5     | 206 | 56789      | bytes 5-9/10",
      "bytes=2-4    | 206 | 234        | bytes 2-4/10",
      "bytes=5-     | 206 | 56789      | bytes 5-9/10",
      "bytes=5-100  | 206 | 56789      | bytes 5-9/10",
      "bytes=-100   | 206 | 0123456789 | bytes 0-9/10",
      "bytes=5-2    | 200 | 0123456789 | ",
      "bytes=0-0,2-3| 200 | 0123456789 | ",
      "items=0-1    | 200 | 0123456789 | ",
      "bytes=x-1    | 200 | 0123456789 | "})
  void ranges(String range, int status, String body, String contentRange) {
    HttpResponse<Buffer> response = RunningShelf.await(http.get("/digits.txt").putHeader("Range", range).send());

    assertThat(response.statusCode()).isEqualTo(status);
    assertThat(response.bodyAsString()).isEqualTo(body);
    assertThat(response.getHeader("Content-Range")).isEqualTo(contentRange);
    assertThat(response.getHeader("Content-Length")).isEqualTo(String.valueOf(body.length()));
    assertThat(response.getHeader("Accept-Ranges")).isEqualTo("bytes");
  }

  @Test
  @DisplayName("a range past the end is 416 with Content-Range bytes */size; HEAD ignores Range")
  void unsatisfiable() {
    HttpResponse<Buffer> pastEnd = RunningShelf.await(http.get("/digits.txt").putHeader("Range", "bytes=10-").send());
    HttpResponse<Buffer> empty = RunningShelf.await(http.get("/digits.txt").putHeader("Range", "bytes=-0").send());
    HttpResponse<Buffer> head = RunningShelf.await(http.head("/digits.txt").putHeader("Range", "bytes=-5").send());

    assertProblem(pastEnd, 416);
    assertThat(pastEnd.getHeader("Content-Range")).isEqualTo("bytes */10");
    assertProblem(empty, 416);
    assertThat(head.statusCode()).isEqualTo(200);
    assertThat(head.getHeader("Content-Length")).isEqualTo("10");
    assertThat(head.getHeader("Content-Type")).isEqualTo("text/plain;charset=UTF-8");
  }

  @Test
  @DisplayName("If-Range with another date sends the whole file")
  void ifRange() {
    String lastModified = get("/digits.txt").getHeader("Last-Modified");

    assertThat(RunningShelf.await(http.get("/digits.txt").putHeader("Range", "bytes=-5")
        .putHeader("If-Range", lastModified).send()).statusCode()).isEqualTo(206);
    assertThat(RunningShelf.await(http.get("/digits.txt").putHeader("Range", "bytes=-5")
        .putHeader("If-Range", "Mon, 01 Jan 2001 00:00:00 GMT").send()).statusCode()).isEqualTo(200);
  }

  private HttpResponse<Buffer> get(String uri) {
    return RunningShelf.await(http.get(uri).send());
  }

  static String text(Path file) throws Exception {
    return Files.readString(file, StandardCharsets.UTF_8);
  }
}
