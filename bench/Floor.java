import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.ThreadingModel;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.Message;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.metrics.MetricsOptions;
import io.vertx.core.spi.metrics.VertxMetrics;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.sqlite.SQLiteConfig;

/**
 * The benchmark's design floor: Shelf's architecture with nothing else. HTTP verticle instances
 * on the event loops send each read over the local event bus to worker verticle instances, each
 * holding its own read-only SQLite connection and prepared statements; the worker builds the JSON
 * reply as a {@link Buffer}, and the event loop writes it. No router, metrics, access log, ETag or
 * validation. Whatever Shelf serves below this is what Shelf adds, not what its shape costs.
 *
 * <p>Serves {@code GET /books/{id}} and {@code GET /books?limit=n} (the first page) from a database
 * Shelf created. Outside the main jar's code path; runs as a single-file source program:
 * {@code java -cp target/shelf.jar bench/Floor.java <port> <http instances> <db file> <readers>}.
 */
public class Floor extends VerticleBase {

  static final String ONE = "floor.books.one";
  static final String PAGE = "floor.books.page";
  static final String COLUMNS = "id, title, author, year, created_at, updated_at, version";

  private final int port;

  public Floor(int port) {
    this.port = port;
  }

  @Override
  public Future<?> start() {
    return vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(port))
        .requestHandler(this::handle)
        .listen();
  }

  private void handle(HttpServerRequest request) {
    String path = request.path();
    Future<Message<Buffer>> reply;
    if (path.startsWith("/books/")) {
      long id;
      try {
        id = Long.parseLong(path.substring("/books/".length()));
      } catch (NumberFormatException e) {
        request.response().setStatusCode(404).end();
        return;
      }
      reply = vertx.eventBus().request(ONE, id);
    } else if (path.equals("/books")) {
      String limit = request.getParam("limit");
      reply = vertx.eventBus().request(PAGE, limit == null ? 20 : Integer.parseInt(limit));
    } else {
      request.response().setStatusCode(404).end();
      return;
    }
    reply.onComplete(done -> {
      if (done.succeeded()) {
        request.response().putHeader("Content-Type", "application/json").end(done.result().body());
      } else {
        request.response().setStatusCode(404).end();
      }
    });
  }

  /** A worker verticle instance: one read connection, its statements, one consumer per address. */
  public static class Reader extends VerticleBase {

    private final String db;
    private Connection connection;
    private PreparedStatement one;
    private PreparedStatement page;

    public Reader(String db) {
      this.db = db;
    }

    @Override
    public Future<?> start() throws Exception {
      SQLiteConfig config = new SQLiteConfig();
      config.setReadOnly(true);
      config.setBusyTimeout(10_000);
      connection = config.createConnection("jdbc:sqlite:" + db);
      one = connection.prepareStatement("SELECT " + COLUMNS + " FROM books WHERE id = ?");
      page = connection.prepareStatement("SELECT " + COLUMNS + " FROM books ORDER BY id LIMIT ?");
      vertx.eventBus().<Long>consumer(ONE, this::one);
      vertx.eventBus().<Integer>consumer(PAGE, this::page);
      return Future.succeededFuture();
    }

    private void one(Message<Long> message) {
      try {
        one.setLong(1, message.body());
        try (ResultSet rs = one.executeQuery()) {
          if (rs.next()) {
            message.reply(record(rs).toBuffer());
          } else {
            message.fail(404, "no book");
          }
        }
      } catch (SQLException e) {
        message.fail(500, e.getMessage());
      }
    }

    private void page(Message<Integer> message) {
      int limit = message.body();
      try {
        page.setInt(1, limit + 1);
        JsonArray items = new JsonArray();
        String next = null;
        try (ResultSet rs = page.executeQuery()) {
          while (rs.next()) {
            if (items.size() == limit) {
              next = Long.toString(items.getJsonObject(limit - 1).getLong("id"), 36);
              break;
            }
            items.add(record(rs));
          }
        }
        message.reply(new JsonObject().put("items", items).put("next", next).toBuffer());
      } catch (SQLException e) {
        message.fail(500, e.getMessage());
      }
    }

    private static JsonObject record(ResultSet rs) throws SQLException {
      JsonObject record = new JsonObject().put("id", rs.getLong(1)).put("title", rs.getString(2))
          .put("author", rs.getString(3));
      int year = rs.getInt(4);
      return record.put("year", rs.wasNull() ? null : year).put("createdAt", rs.getString(5))
          .put("updatedAt", rs.getString(6)).put("version", rs.getInt(7));
    }

    @Override
    public Future<?> stop() throws Exception {
      connection.close();
      return Future.succeededFuture();
    }
  }

  public static void main(String[] args) {
    int port = Integer.parseInt(args[0]);
    int instances = Integer.parseInt(args[1]);
    String db = args[2];
    int readers = Integer.parseInt(args[3]);
    Vertx vertx = bareVertx();
    vertx.deployVerticle(() -> new Reader(db), new DeploymentOptions().setThreadingModel(ThreadingModel.WORKER)
            .setInstances(readers))
        .compose(id -> vertx.deployVerticle(() -> new Floor(port), new DeploymentOptions().setInstances(instances)))
        .onSuccess(id -> System.out.println("floor listening on " + port))
        .onFailure(e -> {
          e.printStackTrace();
          System.exit(1);
        });
  }

  /** A Vert.x without metrics: see Baseline.bareVertx (single-file programs cannot share code). */
  static Vertx bareVertx() {
    return Vertx.builder()
        .with(new VertxOptions().setMetricsOptions(new MetricsOptions().setEnabled(true)))
        .withMetrics(options -> new VertxMetrics() { })
        .build();
  }
}
