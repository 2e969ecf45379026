package dev.shelf.storage.postgres;

import dev.shelf.config.ShelfConfig;
import dev.shelf.metrics.ShelfMetrics;
import dev.shelf.model.Resource;
import dev.shelf.storage.StoreBinding;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.sqlclient.Pool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PostgreSQL store of one Shelf node (db.kind "postgres"), in place of the SQLite storage
 * verticle: brings the schema up to date (safe when several nodes start at once), opens the pools,
 * starts following the shared event log, and serves the {@link PgStore} on the event bus through
 * the same {@link StoreBinding} as SQLite, so the HTTP side cannot tell them apart. Runs on an
 * event loop: the client is reactive, nothing here blocks.
 */
public final class PgStorageVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(PgStorageVerticle.class);
  /** Time allowed past the HTTP grace period for the last requests to reach the store. */
  private static final long CLIENT_WAIT_MARGIN_MS = 5_000;

  private ShelfConfig config;
  private PgSettings settings;
  private Pool reads;
  private Pool writes;
  private PgEventLog events;
  private PgMeters meters;
  private StoreBinding binding;

  @Override
  public Future<?> start() {
    config = ShelfConfig.fromJson(config());
    settings = PgSettings.of(config);
    return migrate()
        .recover(e -> Future.failedFuture("cannot use PostgreSQL at " + settings.where() + ": " + oneLine(e)))
        .compose(version -> {
          reads = settings.readPool(vertx);
          writes = settings.writePool(vertx);
          events = new PgEventLog(vertx, reads, settings.connect(),
              new PgEventLog.Settings(config.events().pollMs(), config.events().retainCount(), config.events().retainHours()));
          return events.start().map(version);
        })
        .compose(version -> {
          meters = new PgMeters(ShelfMetrics.registry());
          PgWriter writer = new PgWriter(context, writes, events, config.db().batchMax(), config.db().writeQueueMax(),
              meters.writer);
          return PgImports.removeAbandoned(writes, Resource.ALL)
              .onSuccess(removed -> {
                if (removed > 0) {
                  LOG.warn("Removed {} rows of imports a node did not finish (they were never visible)", removed);
                }
              })
              .compose(removed -> StoreBinding.serve(vertx, new PgStore(reads, writer, events, meters)))
              .onSuccess(served -> binding = served)
              .onSuccess(served -> LOG.info("Storage ready: PostgreSQL at {} (schema version {}, {} read connections,"
                  + " group commit up to {} writes)", settings.where(), version, config.db().poolSize(), config.db().batchMax()));
        });
  }

  /** Connects once on a connection of its own (the advisory lock belongs to it) and migrates. */
  private Future<Integer> migrate() {
    Pool pool = settings.migrationPool(vertx);
    return pool.getConnection()
        .compose(conn -> PgMigrations.apply(conn).eventually(conn::close))
        .eventually(pool::close);
  }

  /** Keeps answering until the HTTP side is done, then answers what it took, then closes the pools. */
  @Override
  public Future<?> stop() {
    long deadline = System.currentTimeMillis() + config.http().shutdownGraceMs() + CLIENT_WAIT_MARGIN_MS;
    Future<Void> drained = binding == null ? Future.succeededFuture() : binding.close(deadline);
    return drained
        .eventually(() -> events == null ? Future.succeededFuture() : events.close())
        .eventually(() -> writes == null ? Future.succeededFuture() : writes.close())
        .eventually(() -> reads == null ? Future.succeededFuture() : reads.close())
        .onComplete(closed -> {
          if (meters != null) {
            meters.close();
          }
        });
  }

  private static String oneLine(Throwable e) {
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return message.lines().findFirst().orElse(message);
  }
}
