package dev.shelf.storage;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.WorkerExecutor;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single writer. Writes queue here; the writer thread drains what is waiting (up to
 * {@code maxBatch}, lingering up to {@code maxWaitMs} for more) into one
 * {@code BEGIN IMMEDIATE … COMMIT}. Each write runs inside its own SAVEPOINT, so one that fails
 * is rolled back alone while the rest of its batch commits. Every write's future completes only
 * after the COMMIT that holds it succeeded: one fsync is shared by the whole batch, which is where
 * the throughput comes from. The queue is bounded: when full, a write fails at once.
 *
 * <p>The writer outlives any failure of a batch, an {@link Error} such as OutOfMemoryError
 * included: the transaction is rolled back, the writes of that batch fail, and the next batch
 * starts on a clean connection. {@link #stall} tells readiness when it is stuck nonetheless.
 */
final class GroupCommit {

  private static final Logger LOG = LoggerFactory.getLogger(GroupCommit.class);

  private record Pending<T>(SqlWork<T> work, Consumer<T> committed, Promise<T> promise, long queuedAt) {
  }

  /** Checked before each batch and after its COMMIT; throws when writing must not go on. */
  @FunctionalInterface
  interface Guard {
    void check() throws SQLException;
  }

  private final SqliteConnection writer;
  private final WorkerExecutor thread;
  private final int maxBatch;
  private final long maxWaitNanos;
  private final LinkedBlockingQueue<Pending<?>> queue;
  private final AtomicBoolean draining = new AtomicBoolean();
  private final WriterStats stats;
  private final Guard guard;
  /** A write still queued this long is refused, never run: see {@link #refuseAfter}. */
  private volatile long startLimitNanos = Long.MAX_VALUE;
  /** When the running batch began (System.nanoTime), or 0 between batches. */
  private volatile long batchSince;
  /** When the writer last took work or found none: a queue that waits longer has no writer. */
  private volatile long lastTaken = System.nanoTime();

  GroupCommit(SqliteConnection writer, WorkerExecutor thread, int maxBatch, int maxWaitMs, int maxQueued,
      WriterStats stats, Guard guard) {
    this.writer = writer;
    this.thread = thread;
    this.maxBatch = maxBatch;
    this.maxWaitNanos = TimeUnit.MILLISECONDS.toNanos(maxWaitMs);
    this.queue = new LinkedBlockingQueue<>(maxQueued);
    this.stats = stats;
    this.guard = guard;
  }

  /**
   * Queues {@code work}; once its COMMIT succeeded, {@code committed} runs with its result on the
   * writer thread, in commit order across all writes, before the returned future completes.
   */
  <T> Future<T> submit(SqlWork<T> work, Consumer<T> committed) {
    Promise<T> promise = Promise.promise();
    if (queue.isEmpty()) {
      lastTaken = System.nanoTime();
    }
    if (!queue.offer(new Pending<>(work, committed, promise, System.nanoTime()))) {
      return Future.failedFuture(new StoreException(StoreException.Kind.OVERLOADED,
          "the write queue is full (" + (queue.size()) + " waiting); retry shortly"));
    }
    startDraining();
    return promise.future();
  }

  /**
   * Refuses ({@code OVERLOADED}) a write that is still waiting for the writer {@code ms} after it
   * was queued, instead of running it. The caller then knows for sure that it was not stored, so
   * it need not give up waiting on a write that may still commit (no timeout that lies).
   */
  void refuseAfter(long ms) {
    startLimitNanos = TimeUnit.MILLISECONDS.toNanos(ms);
  }

  int queued() {
    return queue.size();
  }

  /**
   * Why the writer is not making progress, or null when it is: a batch running longer than
   * {@code limitMs}, or writes waiting that long with no batch taking them.
   */
  String stall(long limitMs) {
    long now = System.nanoTime();
    long since = batchSince;
    if (since != 0 && now - since > TimeUnit.MILLISECONDS.toNanos(limitMs)) {
      return "the writer has been running one batch for " + TimeUnit.NANOSECONDS.toMillis(now - since) + " ms";
    }
    if (since == 0 && !queue.isEmpty() && now - lastTaken > TimeUnit.MILLISECONDS.toNanos(limitMs)) {
      return queue.size() + " writes have waited " + TimeUnit.NANOSECONDS.toMillis(now - lastTaken)
          + " ms with no writer taking them";
    }
    return null;
  }

  private void startDraining() {
    if (draining.compareAndSet(false, true)) {
      thread.executeBlocking(this::drain, false)
          .onFailure(e -> LOG.error("The writer stopped unexpectedly", e));
    }
  }

  /** Runs on the writer thread until nothing is waiting; never leaves {@code draining} set on a failure. */
  private Void drain() {
    try {
      while (true) {
        List<Pending<?>> batch = takeBatch();
        lastTaken = System.nanoTime();
        if (batch.isEmpty()) {
          draining.set(false);
          // A write queued between the last poll and the flag reset would otherwise wait for ever.
          if (queue.isEmpty() || !draining.compareAndSet(false, true)) {
            return null;
          }
          continue;
        }
        commit(batch);
      }
    } catch (Throwable e) {
      // Only a failure outside a batch's own handling gets here (an Error while taking the batch):
      // hand over to a fresh drain so the writes still queued are not stranded.
      LOG.error("The writer failed between batches; it carries on", e);
      draining.set(false);
      if (!queue.isEmpty()) {
        startDraining();
      }
      return null;
    }
  }

  private List<Pending<?>> takeBatch() throws InterruptedException {
    List<Pending<?>> batch = new ArrayList<>();
    queue.drainTo(batch, maxBatch);
    if (!batch.isEmpty() && batch.size() < maxBatch && maxWaitNanos > 0) {
      long deadline = System.nanoTime() + maxWaitNanos;
      long left;
      while (batch.size() < maxBatch && (left = deadline - System.nanoTime()) > 0) {
        Pending<?> next = queue.poll(left, TimeUnit.NANOSECONDS);
        if (next == null) {
          break;
        }
        batch.add(next);
        queue.drainTo(batch, maxBatch - batch.size());
      }
    }
    return batch;
  }

  private void commit(List<Pending<?>> batch) {
    List<Object> results = new ArrayList<>(batch.size());
    batchSince = System.nanoTime();
    try {
      guard.check();
      writer.execute("BEGIN IMMEDIATE");
      for (Pending<?> pending : batch) {
        results.add(System.nanoTime() - pending.queuedAt() > startLimitNanos ? notStarted(pending) : runAlone(pending.work()));
      }
      writer.execute("COMMIT");
      guard.check();
    } catch (Throwable e) {
      Throwable cause = e instanceof TransactionLost lost ? lost.getCause() : e;
      rollback();
      batch.forEach(pending -> pending.promise().tryFail(cause));
      return;
    } finally {
      batchSince = 0;
    }
    stats.recordBatch(batch.size());
    for (int i = 0; i < batch.size(); i++) {
      complete(batch.get(i), results.get(i));
    }
  }

  private Failed notStarted(Pending<?> pending) {
    return new Failed(new StoreException(StoreException.Kind.OVERLOADED, "the write waited "
        + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - pending.queuedAt())
        + " ms for the writer and was not stored; retry shortly"));
  }

  /** Runs one write inside a savepoint; its failure is returned, and undone, without touching the others. */
  private Object runAlone(SqlWork<?> work) throws SQLException {
    writer.execute("SAVEPOINT write");
    try {
      Object result = work.run(writer);
      writer.execute("RELEASE write");
      return result;
    } catch (Throwable e) {
      undo(e);
      return new Failed(e);
    }
  }

  /**
   * Rolls one write back to its savepoint. After some failures (SQLITE_FULL, SQLITE_IOERR) SQLite
   * has already rolled back the whole transaction: the savepoint is gone, and so are the other
   * writes of the batch, which must then fail with the real cause.
   */
  private void undo(Throwable cause) throws TransactionLost {
    try {
      writer.execute("ROLLBACK TO write");
      writer.execute("RELEASE write");
    } catch (SQLException gone) {
      throw new TransactionLost(cause);
    }
  }

  /** The batch's transaction no longer exists; the cause is what ended it. */
  private static final class TransactionLost extends SQLException {
    TransactionLost(Throwable cause) {
      super("the transaction was rolled back by SQLite", cause);
    }
  }

  private record Failed(Throwable cause) {
  }

  @SuppressWarnings("unchecked")
  private static <T> void complete(Pending<T> pending, Object result) {
    if (result instanceof Failed failed) {
      pending.promise().fail(failed.cause());
      return;
    }
    try {
      pending.committed().accept((T) result);
    } catch (Throwable e) {
      // The write is committed whatever its follow-up does; its caller still gets its result.
      LOG.error("A follow-up of a committed write failed", e);
    }
    pending.promise().complete((T) result);
  }

  /** Ends whatever transaction may be open, so the next batch starts clean; none open is fine. */
  private void rollback() {
    try {
      writer.execute("ROLLBACK");
    } catch (SQLException e) {
      LOG.debug("Nothing to roll back: {}", e.getMessage());
    }
  }
}
