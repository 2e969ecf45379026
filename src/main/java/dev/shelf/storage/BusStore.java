package dev.shelf.storage;

import dev.shelf.metrics.ShelfMetrics;
import dev.shelf.metrics.StorageTimers;
import dev.shelf.model.ListQuery;
import dev.shelf.model.Resource;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.Function;

/**
 * The store as the HTTP side sees it: each call crosses the event bus to the store that
 * {@link StoreBinding} serves, so no event loop ever runs a query. A missing store fails with
 * {@code UNAVAILABLE}, a read not answered within the timeout with {@code TIMEOUT}. A write never
 * times out that way: once the store has taken it, it may commit, and a 504 would lie (a client
 * retrying it would store it twice). The store answers every write with its real outcome instead,
 * refusing ({@code OVERLOADED}) one that could not start within the same timeout; only a writer
 * stuck for {@value #WRITE_SAFETY_MS} ms (readiness reports it long before) ends the wait. Every
 * call is timed by address, operation and outcome: {@code shelf_storage_request_seconds}, the
 * latency a client sees from storage, including the wait for the writer.
 */
public final class BusStore implements RecordStore {

  private final Vertx vertx;
  private final long timeoutMs;
  /** The last resort for a write: far beyond any batch, so only a writer that is stuck reaches it. */
  static final long WRITE_SAFETY_MS = 600_000;

  private final DeliveryOptions options;
  private final DeliveryOptions writeOptions = new DeliveryOptions(LocalCodec.OPTIONS).setSendTimeout(WRITE_SAFETY_MS);
  private final StorageTimers timers;

  /** {@code timeoutMs}: how long a call waits for its answer ({@code http.storageTimeoutMs}). */
  public BusStore(Vertx vertx, long timeoutMs) {
    this(vertx, timeoutMs, new StorageTimers(ShelfMetrics.registry()));
    LocalCodec.registerOn(vertx);
  }

  private BusStore(Vertx vertx, long timeoutMs, StorageTimers timers) {
    this.vertx = vertx;
    this.timeoutMs = timeoutMs;
    this.timers = timers;
    this.options = new DeliveryOptions(LocalCodec.OPTIONS).setSendTimeout(timeoutMs);
  }

  /** The same store with another timeout, e.g. a short one for health checks. */
  public BusStore withTimeout(long timeoutMs) {
    return new BusStore(vertx, timeoutMs, timers);
  }

  @Override
  public Future<StoredRecord> get(Resource resource, long id) {
    return call("get", resource, store -> store.get(resource, id));
  }

  @Override
  public Future<RecordPage> list(Resource resource, ListQuery query) {
    return call("list", resource, store -> store.list(resource, query));
  }

  @Override
  public Future<StoredRecord> create(Resource resource, JsonObject values) {
    return write("create", resource, store -> store.create(resource, values));
  }

  @Override
  public Future<StoredRecord> update(Resource resource, long id, JsonObject values, OptionalLong expectedVersion) {
    return write("update", resource, store -> store.update(resource, id, values, expectedVersion));
  }

  @Override
  public Future<Void> delete(Resource resource, long id, OptionalLong expectedVersion) {
    return write("delete", resource, store -> store.delete(resource, id, expectedVersion));
  }

  @Override
  public Future<Integer> deleteMatching(Resource resource, String title) {
    return write("deleteMatching", resource, store -> store.deleteMatching(resource, title));
  }

  @Override
  public Future<Long> beginImport(Resource resource) {
    return call("beginImport", resource, store -> store.beginImport(resource));
  }

  @Override
  public Future<Void> stageImport(Resource resource, long importId, List<JsonObject> rows) {
    return write("stageImport", resource, store -> store.stageImport(resource, importId, rows));
  }

  @Override
  public Future<Integer> commitImport(Resource resource, long importId) {
    return write("commitImport", resource, store -> store.commitImport(resource, importId));
  }

  @Override
  public Future<Void> abortImport(Resource resource, long importId) {
    return write("abortImport", resource, store -> store.abortImport(resource, importId));
  }

  @Override
  public Future<List<BatchResult>> batch(List<BatchOp> ops) {
    return call("batch", null, store -> store.batch(ops));
  }

  @Override
  public Future<Integer> ping() {
    return call("ping", null, RecordStore::ping);
  }

  @Override
  public Future<Map<Resource, Long>> rowCounts() {
    return call("rowCounts", null, RecordStore::rowCounts);
  }

  @Override
  public Future<BackupCopy> backup(String dir) {
    return call("backup", null, store -> store.backup(dir));
  }

  @Override
  public Future<Long> lastEventId() {
    return call("lastEventId", null, RecordStore::lastEventId);
  }

  @Override
  public Future<List<JsonObject>> eventsAfter(long id, int max) {
    return call("eventsAfter", null, store -> store.eventsAfter(id, max));
  }

  private <T> Future<T> call(String name, Resource resource, Function<RecordStore, Future<T>> call) {
    return send(new StoreCall<>(name, resource, call), options);
  }

  private <T> Future<T> write(String name, Resource resource, Function<RecordStore, Future<T>> call) {
    return send(new StoreCall<>(name, resource, call), writeOptions);
  }

  private <T> Future<T> send(StoreCall<T> message, DeliveryOptions options) {
    long start = System.nanoTime();
    return vertx.eventBus().request(message.address(), message, options)
        .transform(reply -> {
          Future<T> result = answer(reply.succeeded() ? reply.result().body() : reply.cause());
          timer(message, result).record(System.nanoTime() - start, java.util.concurrent.TimeUnit.NANOSECONDS);
          return result;
        });
  }

  @SuppressWarnings("unchecked")
  private <T> Future<T> answer(Object reply) {
    if (reply instanceof StoreException failure) {
      return Future.failedFuture(failure);
    }
    if (reply instanceof ReplyException bus) {
      return Future.failedFuture(switch (bus.failureType()) {
        case NO_HANDLERS -> new StoreException(StoreException.Kind.UNAVAILABLE,
            "storage is not available: the storage verticle is not deployed");
        case TIMEOUT -> new StoreException(StoreException.Kind.TIMEOUT,
            "storage did not answer within " + timeoutMs + " ms");
        default -> new StoreException(StoreException.Kind.FAILURE, "storage failure: " + bus.getMessage());
      });
    }
    if (reply instanceof Throwable other) {
      return Future.failedFuture(new StoreException(StoreException.Kind.FAILURE, "storage failure: " + other));
    }
    return Future.succeededFuture((T) reply);
  }

  /** The timer of one address, operation and outcome (ok or the failure kind), made once. */
  private Timer timer(StoreCall<?> call, Future<?> result) {
    String outcome = result.succeeded() ? "ok"
        : ((StoreException) result.cause()).kind().name().toLowerCase(Locale.ROOT);
    return timers.get(call.address(), call.name(), outcome);
  }
}
