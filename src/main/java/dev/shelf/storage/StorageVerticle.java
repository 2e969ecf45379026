package dev.shelf.storage;

import dev.shelf.config.ShelfConfig;
import dev.shelf.model.ListQuery;
import dev.shelf.model.Resource;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.sql.SQLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The only code that touches SQLite. Deployed as a worker, so JDBC never runs on an event loop;
 * reached only through the event bus, as described in {@link StorageContract}.
 */
public final class StorageVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(StorageVerticle.class);

  private Database db;

  @Override
  public Future<?> start() {
    ShelfConfig config = ShelfConfig.fromJson(config());
    String path = config.dbPath();
    Path parent = Path.of(path).toAbsolutePath().getParent();
    return vertx.fileSystem().mkdirs(parent.toString())
        .recover(e -> Future.failedFuture("cannot create the database folder " + parent + ": " + e.getMessage()))
        .compose(made -> migrate(config))
        .compose(version -> openDatabase(config))
        .compose(opened -> {
          ChangeFeed feed = new ChangeFeed(vertx.eventBus());
          return Future.all(Resource.ALL.stream().map(resource -> serve(resource, feed)).toList());
        })
        .compose(served -> serveEventLog())
        .onSuccess(v -> LOG.info("Storage ready: {} (synchronous={}, {} readers, group commit up to {} writes)",
            path, config.dbSynchronous(), config.dbReaders(), config.dbBatchMax()));
  }

  /** Brings the schema up to date through vertx-jdbc-client, then lets its connections go. */
  private Future<Integer> migrate(ShelfConfig config) {
    SchemaPool schema = SchemaPool.open(vertx, config.dbPath(), config.dbSynchronous(), 1);
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

  @Override
  public Future<?> stop() {
    return db == null ? Future.succeededFuture() : db.close();
  }

  private Future<Void> serve(Resource resource, ChangeFeed feed) {
    ResourceStore store = new ResourceStore(resource, db, feed);
    MessageConsumer<JsonObject> consumer = vertx.eventBus()
        .consumer(StorageContract.address(resource), message -> dispatch(store, message));
    return consumer.completion();
  }

  private Future<Void> serveEventLog() {
    MessageConsumer<JsonObject> consumer = vertx.eventBus().consumer(StorageContract.EVENT_LOG, message -> {
      String action = message.headers().get(StorageContract.ACTION);
      Future<JsonObject> result = StorageContract.LAST.equals(action)
          ? ChangeFeed.last(db)
          : Future.failedFuture(new StorageException(StorageContract.BAD_REQUEST, "unknown action '" + action + "'"));
      result.onComplete(message::reply, failure -> fail(message, action, failure));
    });
    return consumer.completion();
  }

  private void dispatch(ResourceStore store, Message<JsonObject> message) {
    String action = message.headers().get(StorageContract.ACTION);
    JsonObject body = message.body() == null ? new JsonObject() : message.body();
    Future<JsonObject> result;
    try {
      result = perform(store, action == null ? "" : action, body);
    } catch (RuntimeException e) {
      result = Future.failedFuture(e);
    }
    result.onComplete(message::reply, failure -> fail(message, action, failure));
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
      default -> Future.failedFuture(
          new StorageException(StorageContract.BAD_REQUEST, "unknown action '" + action + "'"));
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
