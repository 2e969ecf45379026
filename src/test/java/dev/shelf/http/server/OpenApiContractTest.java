package dev.shelf.http.server;

import static io.vertx.core.http.HttpMethod.DELETE;
import static io.vertx.core.http.HttpMethod.GET;
import static io.vertx.core.http.HttpMethod.PATCH;
import static io.vertx.core.http.HttpMethod.POST;
import static io.vertx.core.http.HttpMethod.PUT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.shelf.config.ShelfConfig;
import dev.shelf.http.events.EventStream;
import dev.shelf.storage.BusStore;
import dev.shelf.support.ApiContract;
import dev.shelf.support.RunningShelf;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(VertxExtension.class)
@DisplayName("openapi.yaml is the contract: every route is in it, and every operation answers as it says")
class OpenApiContractTest {

  private static final String TOKEN = "contract-token";
  private static final String WRITE_TOKEN = "write-token";

  @TempDir
  Path dir;

  @Test
  @DisplayName("every route the router has (with every optional feature on) is an operation of the document")
  void everyRouteIsDocumented(Vertx vertx) {
    ApiContract contract = ApiContract.load(RunningShelf.start(vertx, dir));
    Set<String> documented = contract.operations().values().stream()
        .map(op -> op.method().toUpperCase() + " " + op.path()).collect(Collectors.toCollection(TreeSet::new));
    JsonObject everythingOn = RunningShelf.config(dir)
        .put("admin", new JsonObject().put("enabled", true))
        .put("auth", new JsonObject().put("token", WRITE_TOKEN))
        .put("demo", new JsonObject().put("pageDelayMs", 1).put("blocking", true))
        .put("http", new JsonObject().put("cors", new JsonObject().put("origins", new JsonArray().add("https://a.example"))));
    HttpVerticle verticle = new HttpVerticle();
    verticle.init(vertx, vertx.getOrCreateContext());
    BusStore storage = new BusStore(vertx, 1000);
    Router router = verticle.router(ShelfConfig.fromJson(everythingOn), storage, new EventStream(vertx, 10, 1000, storage));

    Set<String> routes = new TreeSet<>();
    for (Route route : router.getRoutes()) {
      if (route.getPath() == null) {
        continue;
      }
      String path = route.isExactPath() ? route.getPath().replaceAll(":([A-Za-z]+)", "{$1}") : route.getPath() + "{file}";
      Set<HttpMethod> methods = route.methods() == null ? Set.of() : route.methods();
      assertThat(methods).as("route %s names its methods", path).isNotEmpty();
      // HEAD is served wherever GET is (RFC 9110); the document lists the GET only.
      methods.stream().filter(method -> method != HttpMethod.HEAD || !methods.contains(GET))
          .forEach(method -> routes.add(method.name() + " " + path));
    }

    // A route matches an operation with its method and the same path, or a path template it fits
    // (GET /docs/shelf-init.js is an instance of GET /docs/{file}).
    List<String> undocumented = routes.stream().filter(route -> documented.stream().noneMatch(doc -> {
      String[] r = route.split(" ", 2);
      String[] d = doc.split(" ", 2);
      return r[0].equals(d[0]) && (r[1].equals(d[1]) || ApiContract.pathMatches(d[1], r[1]));
    })).toList();
    assertThat(undocumented).as("routes missing from openapi.yaml").isEmpty();
    assertThat(routes).contains("GET /books/{id}", "POST /admin/backup", "GET /docs/{file}", "GET /metrics", "GET /events");
  }

  @Test
  @DisplayName("every operation in the document is called, and each answer has a declared status, type, headers and a schema-valid body")
  void everyOperationAnswersAsDocumented(Vertx vertx) throws Exception {
    RunningShelf shelf = RunningShelf.start(vertx, dir, new JsonObject()
        .put("http", new JsonObject().put("importBodyLimit", 20_000))
        .put("auth", new JsonObject().put("token", WRITE_TOKEN))
        .put("demo", new JsonObject().put("blocking", true))
        .put("admin", new JsonObject().put("enabled", true).put("token", TOKEN)
            .put("backupDir", dir.resolve("backups").toString())));
    ApiContract contract = ApiContract.load(shelf);

    List<Call> calls = calls();
    Set<String> called = new TreeSet<>();
    for (Call call : calls) {
      ApiContract.Operation operation = contract.operation(call.operationId);
      assertThat(call.method.name().toLowerCase()).as("%s is %s", call, operation.method()).isEqualTo(operation.method());
      assertThat(ApiContract.pathMatches(operation.path(), call.uri)).as("%s fits %s", call, operation.path()).isTrue();
      if (call.body != null && call.checkRequestSchema && (call.status < 300 || call.status == 422)) {
        String type = ApiContract.mediaType(call.contentType);
        assertThat(contract.requestAccepts(call.operationId, type, call.body))
            .as("the request schema of %s %s %s", call.operationId, call.status < 300 ? "accepts" : "refuses", call.body)
            .isEqualTo(call.status < 300);
      }

      if (call.streaming) {
        Stream stream = openStream(vertx, shelf.port, call.uri);
        assertThat(stream.status()).as("%s", call).isEqualTo(call.status);
        contract.checkStream(call.operationId, stream.status(), stream.contentType(), stream.first());
      } else {
        HttpResponse<Buffer> response = send(shelf, call);
        assertThat(response.statusCode()).as("%s answered %s", call, response.bodyAsString()).isEqualTo(call.status);
        contract.check(call.operationId, response);
      }
      called.add(call.operationId);
    }

    assertThat(called).as("operations of openapi.yaml that no call exercised").containsAll(contract.operations().keySet());
  }

  @Test
  @DisplayName("/openapi.yaml serves the file as written and /openapi.json the same document as JSON")
  void servesTheDocument(Vertx vertx) throws Exception {
    RunningShelf shelf = RunningShelf.start(vertx, dir);

    HttpResponse<Buffer> yaml = shelf.get("/openapi.yaml");
    HttpResponse<Buffer> json = shelf.get("/openapi.json");

    String file = Files.readString(Path.of("src/main/resources/openapi.yaml"), StandardCharsets.UTF_8);
    assertThat(yaml.bodyAsString()).isEqualTo(file);
    assertThat(json.bodyAsJsonObject().getString("openapi")).startsWith("3.1.");
    // The JSON is the YAML converted: a valid document with exactly the paths the file declares.
    ApiContract.load(vertx, json.bodyAsJsonObject().copy());
    Set<String> yamlPaths = Pattern.compile("^  (/\\S*):\\s*$", Pattern.MULTILINE).matcher(file).results()
        .map(match -> match.group(1)).collect(Collectors.toSet());
    assertThat(json.bodyAsJsonObject().getJsonObject("paths").fieldNames()).containsExactlyInAnyOrderElementsOf(yamlPaths);
  }

  /** The status, type and first chunk of a response that never ends by itself (SSE); then the connection is closed. */
  private record Stream(int status, String contentType, String first) {
  }

  private static Stream openStream(Vertx vertx, int port, String uri) {
    HttpClient client = vertx.createHttpClient(RunningShelf.clientOptions());
    try {
      HttpClientRequest request = RunningShelf.await(client.request(HttpMethod.GET, port, "127.0.0.1", uri));
      HttpClientResponse response = RunningShelf.await(request.send());
      Promise<Buffer> first = Promise.promise();
      response.handler(first::tryComplete);
      String chunk = RunningShelf.await(first.future()).toString(StandardCharsets.UTF_8);
      Stream stream = new Stream(response.statusCode(), response.getHeader("Content-Type"), chunk);
      RunningShelf.await(request.connection().close());
      return stream;
    } finally {
      RunningShelf.await(client.close());
    }
  }

  private static HttpResponse<Buffer> send(RunningShelf shelf, Call call) {
    HttpRequest<Buffer> request = shelf.http.request(call.method, call.uri);
    if (call.method != GET && !call.anonymous) {
      request.putHeader("Authorization", "Bearer " + WRITE_TOKEN);
    }
    call.headers.forEach(request::putHeader);
    if (call.contentType != null) {
      request.putHeader("Content-Type", call.contentType);
    }
    return RunningShelf.await(call.body == null ? request.send() : request.sendBuffer(Buffer.buffer(call.body)));
  }

  /** The calls, in order: creates come first so later calls find records 1 and 2. */
  private static List<Call> calls() {
    List<Call> calls = new ArrayList<>();
    calls.add(new Call("landingPage", GET, "/", 200));
    calls.add(new Call("landingPageFile", GET, "/index.html", 200));
    calls.add(new Call("docsPage", GET, "/docs", 200));
    calls.add(new Call("docsAsset", GET, "/docs/swagger-ui.css", 200));
    calls.add(new Call("docsAsset", GET, "/docs/shelf-init.js", 200));
    calls.add(new Call("docsAsset", GET, "/docs/swagger-ui-bundle.js", 200));
    calls.add(new Call("docsAsset", GET, "/docs/favicon-32x32.png", 200));
    calls.add(new Call("docsAsset", GET, "/docs/no-such-file.js", 404));
    calls.add(new Call("openApiJson", GET, "/openapi.json", 200));
    calls.add(new Call("openApiYaml", GET, "/openapi.yaml", 200));
    calls.add(new Call("liveness", GET, "/health/live", 200));
    calls.add(new Call("liveness", GET, "/health/live", 431).header("X-Padding", "x".repeat(20_000)));
    calls.add(new Call("readiness", GET, "/health/ready", 200));
    calls.add(new Call("demoWait", GET, "/demo/wait?ms=1", 200));
    calls.add(new Call("demoWait", GET, "/demo/wait?ms=abc", 400));
    calls.add(new Call("demoBlockingWait", GET, "/demo/blocking-wait?ms=1", 200));
    calls.add(new Call("demoBlockingWait", GET, "/demo/blocking-wait?ms=-1", 400));
    calls.add(new Call("events", GET, "/events", 200).streaming());
    calls.add(new Call("appMeta", GET, "/app/meta.json", 200));
    resourceCalls(calls, "books", "Book", "author");
    resourceCalls(calls, "movies", "Movie", "director");
    batchCalls(calls);
    calls.add(new Call("metrics", GET, "/metrics", 200));
    calls.add(new Call("backup", POST, "/admin/backup", 401).anonymous());
    calls.add(new Call("backup", POST, "/admin/backup", 401).header("Authorization", "Bearer " + WRITE_TOKEN));
    // A PostgreSQL store is backed up with PostgreSQL's tools: the route answers its documented 400.
    calls.add(new Call("backup", POST, "/admin/backup", RunningShelf.onPostgres() ? 400 : 200)
        .header("Authorization", "Bearer " + TOKEN));
    return calls;
  }

  private static void resourceCalls(List<Call> calls, String all, String singular, String credit) {
    String one = "/" + all + "/1";
    String valid = new JsonObject().put("title", "Dune").put(credit, "Frank Herbert").put("year", 1965).encode();
    String second = new JsonObject().put("title", "Emma").put(credit, "Jane Austen").encode();
    String invalid = new JsonObject().put("title", "").put(credit, 5).put("year", 3000).encode();
    String tooBig = "{\"title\":\"" + "x".repeat(70_000) + "\"}";
    calls.add(new Call("create" + singular, POST, "/" + all, 401).json(valid).anonymous());
    calls.add(new Call("create" + singular, POST, "/" + all, 201).json(valid));
    calls.add(new Call("create" + singular, POST, "/" + all, 201).json(second));
    calls.add(new Call("create" + singular, POST, "/" + all, 400).json("{\"title\":").unchecked());
    calls.add(new Call("create" + singular, POST, "/" + all, 415).body("application/x-www-form-urlencoded", "title=Dune"));
    calls.add(new Call("create" + singular, POST, "/" + all, 422).json(invalid));
    calls.add(new Call("create" + singular, POST, "/" + all, 413).json(tooBig).unchecked());
    calls.add(new Call("get" + singular, GET, one, 200));
    calls.add(new Call("get" + singular, GET, one, 304).header("If-None-Match", "\"1\""));
    calls.add(new Call("get" + singular, GET, "/" + all + "/999", 404));
    calls.add(new Call("list" + plural(singular), GET, "/" + all + "?sort=-year&limit=1", 200));
    calls.add(new Call("list" + plural(singular), GET, "/" + all + "?format=csv&sort=title", 200));
    calls.add(new Call("list" + plural(singular), GET, "/" + all, 200).header("Accept", "text/csv"));
    calls.add(new Call("list" + plural(singular), GET, "/" + all + "?limit=0", 400));
    calls.add(new Call("replace" + singular, PUT, one, 200).json(valid).header("If-Match", "\"1\""));
    calls.add(new Call("replace" + singular, PUT, one, 412).json(valid).header("If-Match", "\"1\"").unchecked());
    calls.add(new Call("replace" + singular, PUT, one, 401).json(valid).anonymous().unchecked());
    calls.add(new Call("replace" + singular, PUT, one, 422).json(invalid));
    calls.add(new Call("replace" + singular, PUT, "/" + all + "/999", 404).json(valid));
    calls.add(new Call("replace" + singular, PUT, one, 400).json("[1]").unchecked());
    calls.add(new Call("replace" + singular, PUT, one, 415).body("multipart/form-data; boundary=x", "--x--"));
    calls.add(new Call("replace" + singular, PUT, one, 413).json(tooBig).unchecked());
    calls.add(new Call("patch" + singular, PATCH, one, 200).json("{\"year\":null}"));
    calls.add(new Call("patch" + singular, PATCH, one, 412).json("{\"year\":1}").header("If-Match", "\"1\"").unchecked());
    calls.add(new Call("patch" + singular, PATCH, one, 401).json("{\"year\":1}").anonymous().unchecked());
    calls.add(new Call("patch" + singular, PATCH, one, 422).json("{\"year\":\"old\"}"));
    calls.add(new Call("patch" + singular, PATCH, "/" + all + "/999", 404).json("{\"year\":1}"));
    calls.add(new Call("patch" + singular, PATCH, one, 400).json("not json").unchecked());
    calls.add(new Call("patch" + singular, PATCH, one, 415).body("application/xml", "<a/>"));
    calls.add(new Call("patch" + singular, PATCH, one, 413).json(tooBig).unchecked());
    String csv = "title," + credit + ",year\r\n\"Dune, Messiah\",Frank Herbert,1969\r\nEmma,Jane Austen,\r\n";
    calls.add(new Call("import" + plural(singular), POST, "/" + all + "/import", 401).body("text/csv", csv).anonymous().unchecked());
    calls.add(new Call("import" + plural(singular), POST, "/" + all + "/import", 201).body("text/csv", csv));
    calls.add(new Call("import" + plural(singular), POST, "/" + all + "/import", 201).json("[" + valid + "," + second + "]"));
    calls.add(new Call("import" + plural(singular), POST, "/" + all + "/import", 422).json("[" + valid + "," + invalid + "]"));
    calls.add(new Call("import" + plural(singular), POST, "/" + all + "/import", 400).body("text/csv", "title,\"unclosed\r\n").unchecked());
    calls.add(new Call("import" + plural(singular), POST, "/" + all + "/import", 415).body("application/x-www-form-urlencoded", "a=b"));
    calls.add(new Call("import" + plural(singular), POST, "/" + all + "/import", 413).body("text/csv", "title\r\n" + "x\r\n".repeat(10_000)).unchecked());
    calls.add(new Call("delete" + plural(singular) + "ByTitle", DELETE, "/" + all + "?title=Emma", 401).anonymous());
    calls.add(new Call("delete" + plural(singular) + "ByTitle", DELETE, "/" + all + "?title=Emma", 200));
    calls.add(new Call("delete" + plural(singular) + "ByTitle", DELETE, "/" + all, 400));
    calls.add(new Call("delete" + plural(singular) + "ByTitle", DELETE, "/" + all, 422).json("{\"title\":\"Emma\",\"year\":1}"));
    calls.add(new Call("delete" + plural(singular) + "ByTitle", DELETE, "/" + all, 415).body("text/xml", "<a/>"));
    calls.add(new Call("delete" + singular, DELETE, one, 412).header("If-Match", "\"1\""));
    calls.add(new Call("delete" + singular, DELETE, one, 401).anonymous());
    calls.add(new Call("delete" + singular, DELETE, one, 204));
    calls.add(new Call("delete" + singular, DELETE, one, 404));
  }

  private static void batchCalls(List<Call> calls) {
    String create = "{\"method\":\"POST\",\"path\":\"/books\",\"body\":{\"title\":\"Batched\",\"author\":\"A\"}}";
    calls.add(new Call("batchOperations", POST, "/batch", 200).json("{\"operations\":[" + create
        + ",{\"method\":\"GET\",\"path\":\"/books?limit=1\"},{\"method\":\"DELETE\",\"path\":\"/books?title=Batched\"}]}"));
    calls.add(new Call("batchOperations", POST, "/batch", 401).json("{\"operations\":[" + create + "]}").anonymous());
    calls.add(new Call("batchOperations", POST, "/batch", 400).json("{\"operations\":[{\"method\":\"POST\",\"path\":\"/batch\"}]}").unchecked());
    calls.add(new Call("batchOperations", POST, "/batch", 404).json("{\"operations\":[" + create
        + ",{\"method\":\"GET\",\"path\":\"/books/999\"}]}"));
    calls.add(new Call("batchOperations", POST, "/batch", 412).json("{\"operations\":[{\"method\":\"DELETE\",\"path\":\"/movies/999\","
        + "\"headers\":{\"If-Match\":\"*\"}}]}"));
    calls.add(new Call("batchOperations", POST, "/batch", 422).json("{\"operations\":[{\"method\":\"POST\",\"path\":\"/books\","
        + "\"body\":{\"title\":\"\"}}]}").unchecked());
    calls.add(new Call("batchOperations", POST, "/batch", 415).body("text/csv", "a,b"));
  }

  private static String plural(String singular) {
    return singular + "s";
  }

  /** One request and the status it must get. */
  private static final class Call {
    final String operationId;
    final HttpMethod method;
    final String uri;
    final int status;
    final Map<String, String> headers = new LinkedHashMap<>();
    String contentType;
    String body;
    boolean checkRequestSchema = true;
    boolean anonymous;
    boolean streaming;

    Call(String operationId, HttpMethod method, String uri, int status) {
      this.operationId = operationId;
      this.method = method;
      this.uri = uri;
      this.status = status;
    }

    Call json(String json) {
      return body("application/json", json);
    }

    Call body(String type, String text) {
      this.contentType = type;
      this.body = text;
      return this;
    }

    Call header(String name, String value) {
      headers.put(name, value);
      return this;
    }

    /** Sent without the write token. */
    Call anonymous() {
      this.anonymous = true;
      return this;
    }

    /** A response that never ends (SSE): only its status, type and first chunk are checked. */
    Call streaming() {
      this.streaming = true;
      return this;
    }

    /** The body is not even well-formed (or too big), or is refused before it is read: the schema has nothing to say about it. */
    Call unchecked() {
      this.checkRequestSchema = false;
      return this;
    }

    @Override
    public String toString() {
      return operationId + ": " + method + " " + uri + (contentType == null ? "" : " [" + contentType + "]") + " → " + status;
    }
  }
}
