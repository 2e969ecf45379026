package dev.shelf;

import dev.shelf.config.ConfSource;
import dev.shelf.config.PostgresUrl;
import dev.shelf.config.ShelfConfig;
import dev.shelf.http.server.HttpVerticle;
import dev.shelf.metrics.ShelfMetrics;
import dev.shelf.storage.StorageVerticle;
import dev.shelf.storage.postgres.PgStorageVerticle;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.ThreadingModel;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads and checks the config, then deploys the storage verticle (a worker) and, once it is ready,
 * the HTTP verticle (several event-loop instances). If either fails the deployment fails, and the
 * launcher exits non-zero with the reason.
 */
public final class MainVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(MainVerticle.class);

  private final Optional<String> confOption;
  private final OptionalInt httpInstances;
  private List<MeterBinder> jvmMeters = List.of();

  /** Deployed by class name (tests, another host): the deployment's own config is the config. */
  public MainVerticle() {
    this(Optional.empty(), OptionalInt.empty());
  }

  /**
   * Deployed by {@link ShelfApplication}: {@code confOption} is the launcher's {@code -conf} value,
   * read again strictly here; {@code httpInstances} is its {@code -instances}.
   */
  MainVerticle(Optional<String> confOption, OptionalInt httpInstances) {
    this.confOption = confOption;
    this.httpInstances = httpInstances;
  }

  @Override
  public Future<?> start() {
    ConfSource source;
    ShelfConfig config;
    try {
      source = ConfSource.resolve(config(), confOption);
      JsonObject json = source.json().copy();
      httpInstances.ifPresent(n -> json.put("http", json.getJsonObject("http", new JsonObject()).copy().put("instances", n)));
      config = ShelfConfig.load(json, System.getenv(), source.description());
    } catch (RuntimeException e) {
      return Future.failedFuture(new StartupException(e.getMessage()));
    }
    LOG.info("Shelf {} starting with config from {}", version(), source.description());
    if (config.demo().blocking()) {
      LOG.warn("demo.blocking is on: GET /demo/blocking-wait sleeps on an event loop and stalls every request"
          + " sharing it. Only for the blocking demo; never in real use.");
    }
    boolean postgres = config.db().postgres();
    // SQLite's JDBC blocks, so its verticle is a worker; the PostgreSQL client is reactive.
    DeploymentOptions storage = new DeploymentOptions()
        .setThreadingModel(postgres ? ThreadingModel.EVENT_LOOP : ThreadingModel.WORKER)
        .setConfig(config.toJson());
    DeploymentOptions http = new DeploymentOptions()
        .setInstances(config.http().instances())
        .setConfig(config.toJson());
    Future<List<MeterBinder>> jvmMetrics = vertx.executeBlocking(ShelfMetrics::bindJvmMetrics, false)
        .onSuccess(binders -> jvmMeters = binders);
    Future<String> deployed = vertx.deployVerticle(postgres ? PgStorageVerticle.class : StorageVerticle.class, storage)
        .recover(e -> Future.failedFuture(new StartupException("storage failed to start: " + e.getMessage())))
        .compose(id -> vertx.deployVerticle(HttpVerticle.class, http)
            .recover(e -> Future.failedFuture(new StartupException("HTTP server failed to start: " + e.getMessage()))));
    return Future.all(deployed, jvmMetrics)
        .onSuccess(id -> {
          String url = (config.http().tls() ? "https://" : "http://") + config.http().host() + ":" + HttpVerticle.boundPort(vertx) + "/";
          String database = postgres ? PostgresUrl.redacted(config.db().url()) : config.db().path();
          LOG.info("Shelf is serving {} (database {}; {} HTTP instances; API docs {}docs; JVM up {} ms)", url,
              database, config.http().instances(), url, ManagementFactory.getRuntimeMXBean().getUptime());
        });
  }

  @Override
  public Future<?> stop() {
    ShelfMetrics.close(jvmMeters);
    return Future.succeededFuture();
  }

  static String version() {
    String v = MainVerticle.class.getPackage().getImplementationVersion();
    return v == null ? "(dev)" : v;
  }

  /** A start-up failure whose message says it all; no stack trace needed. */
  static final class StartupException extends RuntimeException {
    StartupException(String message) {
      super(message, null, false, false);
    }
  }
}
