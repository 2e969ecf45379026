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
 * {@code BEGIN IMMEDIATE … COMMIT} ({@link SavepointBatch}: one that fails is rolled back alone
 * while the rest of its batch commits). Every write's future completes only
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

  private final SavepointBatch transaction;
  private final WorkerExecutor thread;
  private final int maxBatch;
  private final long maxWaitNanos;
  private final LinkedBlockingQueue<Pending<?>> queue;
  private final AtomicBoolean draining = new AtomicBoolean();
  private final WriterStats stats;
  private final Guard guard;
  /** A write still queued this long is refused, never run: see {@link #refuseAfter}. */
  private volatile long startLimitNanos = Long.MAX_VALUE;
  private final WriterProgress progress = new WriterProgress();

  GroupCommit(SqliteConnection writer, WorkerExecutor thread, int maxBatch, int maxWaitMs, int maxQueued,
      WriterStats stats, Guard guard) {
    this.transaction = new SavepointBatch(writer);
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
      progress.taken();
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

  /** Why the writer is not making progress (see {@link WriterProgress#stall}), or null when it is. */
  String stall(long limitMs) {
    return progress.stall(limitMs, queue.size());
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
        progress.taken();
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
    List<SqlWork<?>> works = new ArrayList<>(batch.size());
    for (Pending<?> pending : batch) {
      works.add(refusedIfLate(pending));
    }
    List<Object> results;
    progress.batchStarted();
    try {
      guard.check();
      results = transaction.commit(works);
      guard.check();
    } catch (Throwable e) {
      Throwable cause = transaction.abandon(e);
      batch.forEach(pending -> pending.promise().tryFail(cause));
      return;
    } finally {
      progress.batchEnded();
    }
    stats.recordBatch(batch.size());
    for (int i = 0; i < batch.size(); i++) {
      complete(batch.get(i), results.get(i));
    }
  }

  /** The write, or (when it waited past {@link #refuseAfter}, checked as its turn comes) its refusal. */
  private SqlWork<?> refusedIfLate(Pending<?> pending) {
    return connection -> {
      long waited = System.nanoTime() - pending.queuedAt();
      if (waited > startLimitNanos) {
        throw new StoreException(StoreException.Kind.OVERLOADED, "the write waited "
            + TimeUnit.NANOSECONDS.toMillis(waited) + " ms for the writer and was not stored; retry shortly");
      }
      return pending.work().run(connection);
    };
  }

  @SuppressWarnings("unchecked")
  private static <T> void complete(Pending<T> pending, Object result) {
    if (result instanceof SavepointBatch.Failed failed) {
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
}
