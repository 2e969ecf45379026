package dev.shelf.support;

import dev.shelf.MainVerticle;
import dev.shelf.client.ShelfClient;
import dev.shelf.http.server.HttpVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.Http2Settings;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The real Shelf, deployed in a test's Vert.x on a random port against a SQLite file in a temp
 * folder, and a WebClient to call it over real HTTP. Calls block the test thread (never a Vert.x
 * thread) so tests read top to bottom.
 *
 * <p>With {@code -Dshelf.test.transport=h2} (the pom's {@code api-over-h2} execution) Shelf serves
 * HTTPS with a test certificate made at run time, and every client here speaks HTTP/2 to it: the
 * same API tests then run over HTTP/2 and TLS.
 *
 * <p>With {@code -Dshelf.store=postgres} (the build's second test run, see the pom) the same tests
 * run against the PostgreSQL store instead: each temp folder gets a fresh database of its own on
 * the test JVM's shared {@link Postgres} server.
 */
public final class RunningShelf {

  private static final long TIMEOUT_S = 30;
  /** True when this test JVM runs Shelf over HTTPS and its clients over HTTP/2. */
  public static final boolean H2 = "h2".equals(System.getProperty("shelf.test.transport"));
  /** The PostgreSQL database of each test folder, so a Shelf restarted on the same folder finds its data. */
  private static final Map<Path, String> DATABASES = new ConcurrentHashMap<>();

  public final Vertx vertx;
  public final Path dbFile;
  public final int port;
  public final WebClient http;
  /** The project's own Java client, for tests that read better in records than in JSON. */
  public final ShelfClient client;
  public final String deploymentId;

  private RunningShelf(Vertx vertx, Path dbFile, int port, String deploymentId) {
    this.vertx = vertx;
    this.dbFile = dbFile;
    this.port = port;
    this.deploymentId = deploymentId;
    this.http = WebClient.create(vertx, new WebClientOptions(clientOptions())
        .setDefaultHost("127.0.0.1").setDefaultPort(port), pool());
    this.client = ShelfClient.create(vertx, baseUrl(), pool(), H2 ? TestCertificate.get().trust() : null);
  }

  /** Options for a test's own HttpClient: HTTP/1.1, or HTTP/2 over TLS trusting the test certificate. */
  public static HttpClientOptions clientOptions() {
    HttpClientOptions options = new HttpClientOptions();
    if (H2) {
      // Flow-control windows as Chrome announces them (6 MB a stream, 15 MB the connection): with
      // HTTP/2's default 64 KB, a reader of /events that lags a moment has its queue full and is dropped.
      options.setSsl(true).setUseAlpn(true).setProtocolVersion(HttpVersion.HTTP_2)
          .setTrustOptions(TestCertificate.get().trust())
          .setInitialSettings(new Http2Settings().setInitialWindowSize(6 * 1024 * 1024))
          .setHttp2ConnectionWindowSize(15 * 1024 * 1024);
    }
    return options;
  }

  private static PoolOptions pool() {
    return new PoolOptions().setHttp1MaxSize(250).setHttp2MaxSize(4);
  }

  /** Deploys Shelf with port 0, a database in {@code dir}, and {@code overrides} merged deeply on top. */
  public static RunningShelf start(Vertx vertx, Path dir, JsonObject overrides) {
    JsonObject config = config(dir);
    if (H2) {
      TestCertificate cert = TestCertificate.get();
      config.getJsonObject("http").put("tls", new JsonObject()
          .put("certPath", cert.certPath.toString()).put("keyPath", cert.keyPath.toString()));
    }
    config.mergeIn(overrides, true);
    String id = await(vertx.deployVerticle(new MainVerticle(), new DeploymentOptions().setConfig(config)));
    RunningShelf shelf = new RunningShelf(vertx, dir.resolve("shelf.db"), HttpVerticle.boundPort(vertx), id);
    if (H2 && shelf.get("/health/live").version() != HttpVersion.HTTP_2) {
      throw new AssertionError("the HTTP/2 test run did not get HTTP/2 from Shelf");
    }
    return shelf;
  }

  public static RunningShelf start(Vertx vertx, Path dir) {
    return start(vertx, dir, new JsonObject());
  }

  /** The config tests start from: random port, database file in {@code dir} (or its PostgreSQL database). */
  public static JsonObject config(Path dir) {
    JsonObject db = new JsonObject().put("path", dir.resolve("shelf.db").toString());
    if (onPostgres()) {
      db.put("kind", "postgres").put("url", DATABASES.computeIfAbsent(dir, d -> Postgres.shared().freshDatabase()));
    }
    return new JsonObject()
        .put("http", new JsonObject().put("port", 0))
        .put("db", db);
  }

  /** Whether this test run uses the PostgreSQL store ({@code -Dshelf.store=postgres}) rather than SQLite. */
  public static boolean onPostgres() {
    return "postgres".equals(System.getProperty("shelf.store"));
  }

  /**
   * A number read straight from the database, not through Shelf ({@code SELECT count(*) FROM books}):
   * for tests that check what was committed. The SQL must mean the same in SQLite and PostgreSQL.
   */
  public long countInDatabase(String sql) {
    if (onPostgres()) {
      String url = DATABASES.get(dbFile.getParent());
      return Long.parseLong(Postgres.shared().psql(url.substring(url.lastIndexOf('/') + 1), sql));
    }
    try {
      return SqliteFile.of(dbFile).number(sql);
    } catch (SQLException e) {
      throw new AssertionError(e);
    }
  }

  /** Where this Shelf answers, such as {@code http://127.0.0.1:40123} ({@code https} over HTTP/2). */
  public String baseUrl() {
    return (H2 ? "https" : "http") + "://127.0.0.1:" + port;
  }

  public void stop() {
    await(vertx.undeploy(deploymentId));
  }

  public HttpResponse<Buffer> get(String uri) {
    return await(http.get(uri).send());
  }

  public HttpResponse<Buffer> delete(String uri) {
    return await(http.delete(uri).send());
  }

  /** Sends {@code body} as {@code application/json}. */
  public HttpResponse<Buffer> send(HttpMethod method, String uri, Object body) {
    return send(method, uri, body, "application/json");
  }

  /** Sends {@code body} (a JsonObject, a String or bytes) with the given Content-Type (none when null). */
  public HttpResponse<Buffer> send(HttpMethod method, String uri, Object body, String contentType) {
    HttpRequest<Buffer> request = http.request(method, uri);
    if (contentType != null) {
      request.putHeader("Content-Type", contentType);
    }
    Buffer buffer = body instanceof byte[] bytes ? Buffer.buffer(bytes) : Buffer.buffer(String.valueOf(body));
    return await(request.sendBuffer(buffer));
  }

  /** Creates a record and returns it, failing the test unless the answer is 201. */
  public JsonObject create(String collection, JsonObject record) {
    HttpResponse<Buffer> response = send(HttpMethod.POST, "/" + collection, record);
    if (response.statusCode() != 201) {
      throw new AssertionError("create failed: " + response.statusCode() + " " + response.bodyAsString());
    }
    return response.bodyAsJsonObject();
  }

  public JsonObject book(String title, String author, Integer year) {
    return create("books", new JsonObject().put("title", title).put("author", author).put("year", year));
  }

  public static <T> T await(io.vertx.core.Future<T> future) {
    try {
      return future.await(TIMEOUT_S, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      // A hang is rare and seen once, often only in CI: leave what every thread was doing in the log.
      System.err.println("no answer within " + TIMEOUT_S + " s; the threads at that moment:\n" + threadDump());
      throw new AssertionError("no answer within " + TIMEOUT_S + " s", e);
    }
  }

  private static String threadDump() {
    StringBuilder dump = new StringBuilder();
    for (ThreadInfo thread : ManagementFactory.getThreadMXBean().dumpAllThreads(true, true)) {
      dump.append('"').append(thread.getThreadName()).append("\" ").append(thread.getThreadState()).append('\n');
      for (StackTraceElement frame : thread.getStackTrace()) {
        dump.append("    at ").append(frame).append('\n');
      }
    }
    return dump.toString();
  }
}
