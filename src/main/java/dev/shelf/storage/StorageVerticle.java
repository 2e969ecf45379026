package dev.shelf.storage;

import dev.shelf.config.ShelfConfig;
import dev.shelf.metrics.ShelfMetrics;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The only code that touches SQLite. Deployed as a worker, so JDBC never runs on an event loop;
 * serves the {@link SqliteStore} on the event bus through a {@link StoreBinding}, where the HTTP
 * side reaches it as a {@link BusStore}.
 */
public final class StorageVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(StorageVerticle.class);
  /** Time allowed past the HTTP grace period for the last requests to reach the store. */
  private static final long CLIENT_WAIT_MARGIN_MS = 5_000;

  private ShelfConfig config;
  private Database db;
  private SqliteStore store;
  private StoreBinding binding;

  @Override
  public Future<?> start() {
    config = ShelfConfig.fromJson(config());
    String path = config.db().path();
    Path parent = Path.of(path).toAbsolutePath().getParent();
    return vertx.fileSystem().mkdirs(parent.toString())
        .recover(e -> Future.failedFuture("cannot create the database folder " + parent + ": " + e.getMessage()))
        .compose(made -> migrate(config))
        .compose(version -> openDatabase(config))
        .compose(opened -> writable(config))
        .compose(opened -> {
          store = new SqliteStore(db, vertx.eventBus(), ShelfMetrics.registry());
          return store.removeAbandonedImports().onSuccess(removed -> {
            if (removed > 0) {
              LOG.warn("Removed {} rows of imports a previous run did not finish (they were never visible)", removed);
            }
          }).compose(removed -> StoreBinding.serve(vertx, store));
        })
        .onSuccess(served -> binding = served)
        .onSuccess(v -> LOG.info("Storage ready: {} (synchronous={}, {} readers, group commit up to {} writes)",
            path, config.db().synchronous(), config.db().readers(), config.db().batchMax()));
  }

  /** Brings the schema up to date through vertx-jdbc-client, then lets its connections go. */
  private Future<Integer> migrate(ShelfConfig config) {
    SchemaPool schema = SchemaPool.open(vertx, config.db().path(), config.db().synchronous());
    return Migrations.apply(schema)
        .recover(e -> Future.failedFuture("cannot open the database " + config.db().path() + ": " + e.getMessage()))
        .eventually(schema::close);
  }

  private Future<Database> openDatabase(ShelfConfig config) {
    Database.Settings settings = new Database.Settings(config.db().path(), config.db().synchronous(), config.db().readers(),
        config.db().batchMax(), config.db().batchWaitMs(), config.db().writeQueueMax(), config.db().writerStallMs());
    return vertx.executeBlocking(() -> Database.open(vertx, settings))
        .recover(e -> Future.failedFuture("cannot open the database " + config.db().path() + ": " + e.getMessage()))
        .onSuccess(opened -> {
          // The HTTP side waits for writes without a timeout (BusStore): the store answers in time instead.
          opened.refuseWritesNotStartedWithin(config.http().storageTimeoutMs());
          db = opened;
        });
  }

  /**
   * Proves at start-up that the file can be written: a read-only file (or folder) otherwise starts
   * a Shelf that reads fine, reports ready and fails every write.
   */
  private Future<Void> writable(ShelfConfig config) {
    return db.checkWritable().recover(e -> {
      String why = new SqliteFailures().atStartup(e, config.db().path());
      return Future.failedFuture(why != null ? why : "cannot write the database " + config.db().path() + ": " + e.getMessage());
    });
  }

  /**
   * Graceful: keeps answering until the HTTP side has finished its in-flight requests, then stops
   * taking calls, answers every one already taken, and closes the database (queued writes first,
   * then a WAL checkpoint).
   */
  @Override
  public Future<?> stop() {
    if (db == null) {
      return Future.succeededFuture();
    }
    long deadline = System.currentTimeMillis() + config.http().shutdownGraceMs() + CLIENT_WAIT_MARGIN_MS;
    // Bounded: a call that never gets its answer must not hold up the process's exit.
    Future<Void> drained = binding == null ? Future.succeededFuture()
        : within(binding.close(deadline), deadline - System.currentTimeMillis() + Database.CLOSE_LIMIT_MS);
    return drained
        .eventually(this::closeDatabase)
        .onSuccess(v -> LOG.info("Storage closed: {} (WAL checkpointed)", config.db().path()));
  }

  /** {@code work}, or success once {@code limitMs} has passed. */
  private Future<Void> within(Future<Void> work, long limitMs) {
    Promise<Void> done = Promise.promise();
    long timer = vertx.setTimer(limitMs, id -> {
      if (done.tryComplete()) {
        LOG.warn("Storage calls still unanswered after {} ms; closing anyway", limitMs);
      }
    });
    work.onComplete(result -> {
      vertx.cancelTimer(timer);
      done.tryComplete();
    });
    return done.future();
  }

  private Future<Void> closeDatabase() {
    if (store != null) {
      store.close();
    }
    return db.close();
  }
}
