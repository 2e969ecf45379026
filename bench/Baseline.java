import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.metrics.MetricsOptions;
import io.vertx.core.spi.metrics.VertxMetrics;

/**
 * The benchmark's baseline: a bare Vert.x HTTP server, as many event-loop instances as Shelf
 * uses, answering every request with one fixed book. No router, no event bus, no database: the
 * most an HTTP server on this machine can do, so Shelf's figures are read as a share of it.
 *
 * <p>Outside the main jar's code path; runs as a single-file source program:
 * {@code java -cp target/shelf.jar bench/Baseline.java <port> <instances>}.
 */
public class Baseline extends VerticleBase {

  private static final Buffer BOOK = Buffer.buffer("{\"id\":1,\"title\":\"Dune\",\"author\":\"Frank Herbert\","
      + "\"year\":1965,\"createdAt\":\"2026-01-01T00:00:00.000Z\",\"updatedAt\":\"2026-01-01T00:00:00.000Z\",\"version\":1}");

  private final int port;

  public Baseline(int port) {
    this.port = port;
  }

  @Override
  public Future<?> start() {
    return vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(port))
        .requestHandler(request -> request.response().putHeader("Content-Type", "application/json").end(BOOK))
        .listen();
  }

  public static void main(String[] args) {
    int port = Integer.parseInt(args[0]);
    int instances = args.length > 1 ? Integer.parseInt(args[1]) : Runtime.getRuntime().availableProcessors();
    Vertx vertx = bareVertx();
    vertx.deployVerticle(() -> new Baseline(port), new DeploymentOptions().setInstances(instances))
        .onSuccess(id -> System.out.println("baseline listening on " + port))
        .onFailure(e -> {
          e.printStackTrace();
          System.exit(1);
        });
  }

  /**
   * A Vert.x without metrics. Shelf's jar turns Micrometer metrics on for every Vert.x instance in
   * its process (dev.shelf.metrics.MetricsSetup), this one too; metrics enabled with a factory of
   * our own that measures nothing keep that provider out.
   */
  static Vertx bareVertx() {
    return Vertx.builder()
        .with(new VertxOptions().setMetricsOptions(new MetricsOptions().setEnabled(true)))
        .withMetrics(options -> new VertxMetrics() { })
        .build();
  }
}
