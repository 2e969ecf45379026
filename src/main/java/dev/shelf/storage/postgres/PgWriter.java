package dev.shelf.storage.postgres;

import dev.shelf.storage.StoreException;
import dev.shelf.storage.WriterStats;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit on PostgreSQL, as the SQLite store does it: writes queue here, and whatever is
 * waiting (up to {@code maxBatch}) runs as ONE transaction on the writer's connection, each write
 * inside its own SAVEPOINT so one that fails is rolled back alone. The statements of a batch are
 * pipelined (a write's RELEASE travels with the next write's SAVEPOINT), so a write costs about one
 * round trip and the batch one COMMIT.
 *
 * <p>The batch's last statement numbers its change events ({@link PgEventTable#NUMBER_AND_STORE}):
 * it takes the event counter's row lock, held to COMMIT, so event ids follow commit order across
 * every node. Each future completes only after the COMMIT, and after this node published the
 * batch's events. Everything here runs on one Vert.x context; the queue is bounded.
 */
final class PgWriter {

  private static final Logger LOG = LoggerFactory.getLogger(PgWriter.class);

  private record Pending<T>(PgWrite<T> write, Promise<T> promise) {
  }

  /** A write that failed on its own; its savepoint was rolled back, the batch goes on. */
  private record Failed(Throwable cause) {
  }

  private final Context context;
  private final Pool pool;
  private final PgEventLog events;
  private final int maxBatch;
  private final int maxQueued;
  private final WriterStats stats;
  private final ArrayDeque<Pending<?>> queue = new ArrayDeque<>();
  private boolean busy;

  PgWriter(Context context, Pool pool, PgEventLog events, int maxBatch, int maxQueued, WriterStats stats) {
    this.context = context;
    this.pool = pool;
    this.events = events;
    this.maxBatch = maxBatch;
    this.maxQueued = maxQueued;
    this.stats = stats;
    stats.watchQueue(queue::size);
  }

  /** Queues {@code write}; its future completes once the transaction holding it committed. */
  <T> Future<T> submit(PgWrite<T> write) {
    Promise<T> promise = Promise.promise();
    context.runOnContext(v -> {
      if (queue.size() >= maxQueued) {
        promise.fail(new StoreException(StoreException.Kind.OVERLOADED,
            "the write queue is full (" + queue.size() + " waiting); retry shortly"));
        return;
      }
      queue.add(new Pending<>(write, promise));
      drain();
    });
    return promise.future();
  }

  private void drain() {
    if (busy || queue.isEmpty()) {
      return;
    }
    busy = true;
    List<Pending<?>> batch = new ArrayList<>();
    while (!queue.isEmpty() && batch.size() < maxBatch) {
      batch.add(queue.poll());
    }
    pool.withConnection(conn -> commit(conn, batch))
        .onComplete(done -> {
          if (done.failed()) {
            failAll(batch, done.cause());
          }
          busy = false;
          drain();
        });
  }

  private Future<Void> commit(SqlConnection conn, List<Pending<?>> batch) {
    List<Object> results = new ArrayList<>(batch.size());
    Future<?> begun = conn.query("BEGIN").execute();
    Future<Void> chain = Future.succeededFuture();
    for (Pending<?> pending : batch) {
      chain = chain.compose(v -> runAlone(conn, pending.write()).map(result -> {
        results.add(result);
        return null;
      }));
    }
    Future<Void> ran = chain;
    return begun.compose(v -> ran)
        .compose(v -> number(conn, results))
        .compose(numbered -> conn.query("COMMIT").execute().map(numbered))
        .recover(e -> conn.query("ROLLBACK").execute().transform(rolledBack -> Future.failedFuture(e)))
        .compose(numbered -> events.committed(numbered)
            .recover(e -> {
              LOG.warn("Events of a committed batch are not published yet ({}); the next poll will", e.getMessage());
              return Future.succeededFuture();
            })
            .map(published -> {
              stats.recordBatch(batch.size());
              completeAll(batch, results);
              return null;
            }));
  }

  private Future<Object> runAlone(SqlConnection conn, PgWrite<?> write) {
    Future<?> savepoint = conn.query("SAVEPOINT w").execute();
    Future<? extends PgWrite.Changed<?>> work;
    try {
      work = write.run(conn);
    } catch (RuntimeException e) {
      work = Future.failedFuture(e);
    }
    Future<? extends PgWrite.Changed<?>> ran = work;
    return savepoint.compose(v -> ran).transform(outcome -> {
      if (outcome.succeeded()) {
        // Not awaited: if it fails, the transaction is broken and the batch's last statement fails.
        conn.query("RELEASE SAVEPOINT w").execute();
        return Future.succeededFuture(outcome.result());
      }
      return conn.query("ROLLBACK TO SAVEPOINT w").execute()
          .compose(v -> conn.query("RELEASE SAVEPOINT w").execute())
          .map(v -> (Object) new Failed(PgErrors.classify(outcome.cause())));
    });
  }

  /** Numbers the batch's events as its last statement (see the class comment); answers them in order. */
  private Future<List<JsonObject>> number(SqlConnection conn, List<Object> results) {
    List<JsonObject> pending = new ArrayList<>();
    for (Object result : results) {
      if (result instanceof PgWrite.Changed<?> changed) {
        // No type: the data are whole events already, of several types (a batch's).
        changed.data().forEach(data -> pending.add(changed.type() == null ? data
            : new JsonObject().put("type", changed.type()).put("data", data)));
      }
    }
    return events.number(conn, pending);
  }

  @SuppressWarnings("unchecked")
  private static void completeAll(List<Pending<?>> batch, List<Object> results) {
    for (int i = 0; i < batch.size(); i++) {
      Promise<Object> promise = (Promise<Object>) batch.get(i).promise();
      Object result = results.get(i);
      if (result instanceof Failed failed) {
        promise.fail(failed.cause());
      } else {
        promise.complete(((PgWrite.Changed<?>) result).result());
      }
    }
  }

  /**
   * The transaction did not commit, or its outcome is unknown (the connection broke around the
   * COMMIT): every write of the batch fails with the batch's reason, typically 503. A client that
   * retries finds its write done completely or not at all.
   */
  private static void failAll(List<Pending<?>> batch, Throwable cause) {
    Throwable reason = PgErrors.classify(cause);
    for (Pending<?> pending : batch) {
      pending.promise().tryFail(reason);
    }
  }
}
