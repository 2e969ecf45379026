package dev.shelf.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shelf.support.RunningShelf;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Random and mutated requests at every route: the answer is always a 2xx or 4xx, errors are
 * problem+json, and the server stays healthy. One Shelf serves every try.
 */
class HostileInputProperties {

  private static final String VALID = "{\"title\":\"Dune\",\"author\":\"Frank Herbert\",\"year\":1965}";
  private static Vertx vertx;
  private static RunningShelf shelf;
  private static Path dir;

  @BeforeContainer
  static void start() throws Exception {
    vertx = Vertx.vertx();
    dir = Files.createTempDirectory("hostile");
    shelf = RunningShelf.start(vertx, dir);
    shelf.book("Dune", "Frank Herbert", 1965);
  }

  @AfterContainer
  static void stop() {
    RunningShelf.await(vertx.close());
  }

  @Property(tries = 300)
  void randomBodies(@ForAll("methods") HttpMethod method, @ForAll("paths") String path, @ForAll("bodies") byte[] body,
      @ForAll("contentTypes") String contentType) {
    HttpRequest<Buffer> request = shelf.http.request(method, path);
    if (!contentType.isEmpty()) {
      request.putHeader("Content-Type", contentType);
    }
    assertSane(RunningShelf.await(request.sendBuffer(Buffer.buffer(body))));
  }

  @Property(tries = 300)
  void randomQueries(@ForAll("collections") String collection, @ForAll("queries") String query) {
    assertSane(RunningShelf.await(shelf.http.request(HttpMethod.GET, "/" + collection + "?" + query).send()));
    assertSane(RunningShelf.await(shelf.http.request(HttpMethod.DELETE, "/" + collection + "?" + query).send()));
  }

  @Property(tries = 200)
  void randomHeaders(@ForAll("headerNames") String name, @ForAll("headerValues") String value) {
    HttpRequest<Buffer> request = shelf.http.request(HttpMethod.GET, "/books/1").putHeader(name, value);
    assertSane(RunningShelf.await(request.send()));
    HttpRequest<Buffer> write = shelf.http.request(HttpMethod.PATCH, "/books/1").putHeader(name, value);
    assertSane(RunningShelf.await(write.sendBuffer(Buffer.buffer("{\"year\":1966}"))));
  }

  private static void assertSane(HttpResponse<Buffer> response) {
    assertThat(response.statusCode()).as(String.valueOf(response.bodyAsString())).isBetween(200, 499);
    if (response.statusCode() >= 400) {
      assertThat(response.getHeader("Content-Type")).isEqualTo("application/problem+json");
      JsonObject problem = response.bodyAsJsonObject();
      assertThat(problem.getInteger("status")).isEqualTo(response.statusCode());
    }
    assertThat(RunningShelf.await(shelf.http.get("/books?limit=1").send()).statusCode()).as("still healthy").isEqualTo(200);
  }

  @Provide
  Arbitrary<HttpMethod> methods() {
    return Arbitraries.of(HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH, HttpMethod.DELETE, HttpMethod.GET);
  }

  @Provide
  Arbitrary<String> collections() {
    return Arbitraries.of("books", "movies");
  }

  @Provide
  Arbitrary<String> paths() {
    Arbitrary<String> segment = Arbitraries.oneOf(
        Arbitraries.of("1", "0", "-1", "999999999999999999999", "abc", "%00", "%2e%2e", "..", "1.0", "%FF", "1%20"),
        Arbitraries.strings().withCharRange('!', '~').ofMaxLength(12)
            .map(s -> s.replace("?", "%3F").replace("#", "%23").replace("/", "%2F").replace("%", "%25")));
    return Combinators.combine(collections(), segment, Arbitraries.of(true, false))
        .as((collection, id, one) -> "/" + collection + (one ? "/" + id : ""));
  }

  @Provide
  Arbitrary<String> contentTypes() {
    return Arbitraries.oneOf(
        Arbitraries.of("", "application/json", "text/plain", "application/x-www-form-urlencoded",
            "multipart/form-data; boundary=x", "application/json; charset=latin1", "*/*", ";;;", "application/+json"),
        Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(40));
  }

  @Provide
  Arbitrary<byte[]> bodies() {
    Arbitrary<String> jsonValues = Arbitraries.oneOf(
        Arbitraries.of("null", "true", "1e400", "-0", "NaN", "Infinity", "1999.0", "99999999999999999999999",
            "\"\"", "\"\\u0000\"", "\"\\ud800\"", "[]", "{}", "[[[[[[]]]]]]"),
        Arbitraries.strings().ofMaxLength(30).map(s -> new JsonObject().put("s", s).encode().substring(5).replace("}", "")),
        Arbitraries.integers().map(String::valueOf));
    Arbitrary<String> objects = Combinators.combine(
            Arbitraries.of("title", "author", "director", "year", "id", "version", "", "title", "x"),
            jsonValues, Arbitraries.of("title", "author", "year", "extra"), jsonValues)
        .as((k1, v1, k2, v2) -> "{\"" + k1 + "\":" + v1 + ",\"" + k2 + "\":" + v2 + "}");
    Arbitrary<String> mutated = Arbitraries.integers().between(0, VALID.length() - 1)
        .flatMap(at -> Arbitraries.chars().map(c -> VALID.substring(0, at) + c + VALID.substring(at + 1)));
    Arbitrary<byte[]> text = Arbitraries.oneOf(objects, mutated, jsonValues, Arbitraries.strings().ofMaxLength(200))
        .map(s -> s.getBytes(StandardCharsets.UTF_8));
    Arbitrary<byte[]> raw = Arbitraries.bytes().array(byte[].class).ofMaxSize(200);
    return Arbitraries.oneOf(text, text, raw);
  }

  @Provide
  Arbitrary<String> queries() {
    Arbitrary<String> key = Arbitraries.oneOf(Arbitraries.of("limit", "cursor", "sort", "q", "title", "author", "director",
        "year", "format"), Arbitraries.strings().alpha().ofMaxLength(6));
    Arbitrary<String> value = Arbitraries.oneOf(
        Arbitraries.of("0", "-1", "501", "1", "20", "abc", "-title", "--id", "%FF", "%00", "%", "%2", "1e3", "", "a.b",
            "eyJ2YWx1ZSI6MX0.AAAA"),
        Arbitraries.strings().withCharRange('!', '~').ofMaxLength(20)
            .map(s -> s.replace("&", "%26").replace("#", "%23").replace(" ", "%20")));
    return Combinators.combine(key, value).as((k, v) -> k + "=" + v).list().ofMaxSize(4)
        .map(pairs -> String.join("&", pairs));
  }

  @Provide
  Arbitrary<String> headerNames() {
    return Arbitraries.of("If-Match", "If-None-Match", "Authorization", "Accept", "Accept-Encoding", "Content-Type",
        "Range", "Last-Event-ID", "X-Forwarded-For", "Origin", "Cookie");
  }

  @Provide
  Arbitrary<String> headerValues() {
    return Arbitraries.oneOf(Arbitraries.of("*", "\"1\"", "W/\"1\"", "\"", "\"\"", ",,,", "bytes=0-1", "gzip;q=abc",
            "Bearer", "text/csv", "-1", "99999999999999999999"),
        Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(60));
  }

}
