package dev.shelf.storage;

import dev.shelf.config.ShelfConfig;
import dev.shelf.metrics.ShelfMetrics;
import dev.shelf.model.ListQuery;
import dev.shelf.model.Resource;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.Counter;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The only code that touches SQLite. Deployed as a worker, so JDBC never runs on an event loop;
 * reached only through the event bus, as described in {@link StorageContract}.
 */
public final class StorageVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(StorageVerticle.class);
  /** How often stop() looks whether the clients have finished. */
  private static final long CLIENT_POLL_MS = 20;
  /** Time allowed past the HTTP grace period for the last requests to reach the store. */
  private static final long CLIENT_WAIT_MARGIN_MS = 5_000;

  private final List<MessageConsumer<JsonObject>> consumers = new ArrayList<>();
  private final Set<Future<?>> inFlight = ConcurrentHashMap.newKeySet();
  private ShelfConfig config;
  private Database db;
  private StoreAdmin admin;

  @Override
  public Future<?> start() {
    config = ShelfConfig.fromJson(config());
    String path = config.dbPath();
    Path parent = Path.of(path).toAbsolutePath().getParent();
    return vertx.fileSystem().mkdirs(parent.toString())
        .recover(e -> Future.failedFuture("cannot create the database folder " + parent + ": " + e.getMessage()))
        .compose(made -> migrate(config))
        .compose(version -> openDatabase(config))
        .compose(opened -> serveAll(new ChangeFeed(vertx.eventBus())))
        .compose(served -> serveEventLog())
        .onSuccess(v -> LOG.info("Storage ready: {} (synchronous={}, {} readers, group commit up to {} writes)",
            path, config.dbSynchronous(), config.dbReaders(), config.dbBatchMax()));
  }

  /** Brings the schema up to date through vertx-jdbc-client, then lets its connections go. */
  private Future<Integer> migrate(ShelfConfig config) {
    SchemaPool schema = SchemaPool.open(vertx, config.dbPath(), config.dbSynchronous());
    return Migrations.apply(schema)
        .recover(e -> Future.failedFuture("cannot open the database " + config.dbPath() + ": " + e.getMessage()))
        .eventually(schema::close);
  }

  private Future<Database> openDatabase(ShelfConfig config) {
    Database.Settings settings = new Database.Settings(config.dbPath(), config.dbSynchronous(), config.dbReaders(),
        config.dbBatchMax(), config.dbBatchWaitMs(), config.dbWriteQueueMax());
    return vertx.executeBlocking(() -> Database.open(vertx, settings))
        .recover(e -> Future.failedFuture("cannot open the database " + config.dbPath() + ": " + e.getMessage()))
        .onSuccess(opened -> db = opened);
  }

  /**
   * Graceful: keeps answering until the HTTP side has finished its in-flight requests, then stops
   * taking messages, answers every one already taken, and closes the database (queued writes
   * first, then a WAL checkpoint).
   */
  @Override
  public Future<?> stop() {
    if (db == null) {
      return Future.succeededFuture();
    }
    long deadline = System.currentTimeMillis() + config.httpShutdownGraceMs() + CLIENT_WAIT_MARGIN_MS;
    return clientsGone(deadline)
        .compose(v -> Future.join(consumers.stream().map(MessageConsumer::unregister).toList()))
        .compose(v -> Future.join(List.copyOf(inFlight)))
        .eventually(this::closeDatabase)
        .onSuccess(v -> LOG.info("Storage closed: {} (WAL checkpointed)", config.dbPath()));
  }

  private Future<Void> closeDatabase() {
    if (admin != null) {
      admin.close();
    }
    return db.close();
  }

  private Future<Void> clientsGone(long deadline) {
    return vertx.sharedData().getLocalCounter(StorageContract.CLIENTS).compose(counter -> {
      Promise<Void> gone = Promise.promise();
      poll(counter, deadline, gone);
      return gone.future();
    });
  }

  private void poll(Counter counter, long deadline, Promise<Void> gone) {
    counter.get().onComplete(clients -> {
      if (clients.failed() || clients.result() <= 0) {
        gone.complete();
      } else if (System.currentTimeMillis() >= deadline) {
        LOG.warn("{} storage client(s) still busy at shutdown; closing anyway", clients.result());
        gone.complete();
      } else {
        vertx.setTimer(CLIENT_POLL_MS, id -> poll(counter, deadline, gone));
      }
    });
  }

  private Future<?> serveAll(ChangeFeed feed) {
    Map<Resource, ResourceStore> stores = new LinkedHashMap<>();
    Resource.ALL.forEach(resource -> stores.put(resource, new ResourceStore(resource, db, feed)));
    admin = new StoreAdmin(db, stores, ShelfMetrics.registry());
    List<Future<Void>> registered = new ArrayList<>();
    stores.forEach((resource, store) -> registered.add(consume(StorageContract.address(resource),
        (action, body) -> perform(store, action, body))));
    registered.add(consume(StorageContract.ADMIN_ADDRESS, this::performAdmin));
    return Future.all(registered);
  }

  private Future<Void> serveEventLog() {
    return consume(StorageContract.EVENT_LOG, (action, body) -> StorageContract.LAST.equals(action)
        ? ChangeFeed.last(db)
        : unknown(action));
  }

  private interface Actions {
    Future<JsonObject> perform(String action, JsonObject body);
  }

  private Future<Void> consume(String address, Actions actions) {
    MessageConsumer<JsonObject> consumer = vertx.eventBus()
        .consumer(address, message -> dispatch(actions, message));
    consumers.add(consumer);
    return consumer.completion();
  }

  /** Every message gets a reply; the futures of those not yet answered are kept for a graceful stop. */
  private void dispatch(Actions actions, Message<JsonObject> message) {
    String action = message.headers().get(StorageContract.ACTION);
    JsonObject body = message.body() == null ? new JsonObject() : message.body();
    Future<JsonObject> result = performSafely(actions, action == null ? "" : action, body);
    inFlight.add(result);
    result.onComplete(message::reply, failure -> fail(message, action, failure))
        .onComplete(done -> inFlight.remove(result));
  }

  private static Future<JsonObject> performSafely(Actions actions, String action, JsonObject body) {
    try {
      return actions.perform(action, body);
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }

  private Future<JsonObject> performAdmin(String action, JsonObject body) {
    return switch (action) {
      case StorageContract.PING -> admin.ping();
      case StorageContract.ROW_COUNTS -> admin.rowCounts();
      case StorageContract.BACKUP -> admin.backup(body.getString("dir"));
      default -> unknown(action);
    };
  }

  private static Future<JsonObject> unknown(String action) {
    return Future.failedFuture(new StorageException(StorageContract.BAD_REQUEST, "unknown action '" + action + "'"));
  }

  private static Future<JsonObject> perform(ResourceStore store, String action, JsonObject body) {
    return switch (action) {
      case StorageContract.LIST -> store.list(ListQuery.fromJson(body));
      case StorageContract.GET -> store.get(body.getLong("id"));
      case StorageContract.CREATE -> store.create(body.getJsonObject("values"));
      case StorageContract.REPLACE, StorageContract.PATCH ->
          store.update(body.getLong("id"), body.getJsonObject("values"), body.getLong("expectedVersion"));
      case StorageContract.DELETE -> store.delete(body.getLong("id"), body.getLong("expectedVersion"));
      case StorageContract.DELETE_MATCHING -> store.deleteByTitle(
          body.getJsonObject("filters").getString("title"));
      case StorageContract.IMPORT_MANY -> store.importAll(body.getJsonArray("rows").stream()
          .map(JsonObject.class::cast).toList());
      default -> unknown(action);
    };
  }

  private static void fail(Message<JsonObject> message, String action, Throwable failure) {
    if (failure instanceof StorageException e) {
      message.fail(e.code(), e.getMessage());
    } else if (isConstraint(failure)) {
      message.fail(StorageContract.CONSTRAINT, "the database refused the values: " + failure.getMessage());
    } else {
      LOG.error("Storage action '{}' failed", action, failure);
      message.fail(StorageContract.FAILURE, "storage failure");
    }
  }

  private static boolean isConstraint(Throwable failure) {
    return failure instanceof SQLException sql && sql.getMessage() != null
        && sql.getMessage().contains("SQLITE_CONSTRAINT");
  }
}
