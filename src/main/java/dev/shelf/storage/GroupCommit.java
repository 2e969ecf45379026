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
 */
final class GroupCommit {

  private static final Logger LOG = LoggerFactory.getLogger(GroupCommit.class);

  private record Pending<T>(SqlWork<T> work, Consumer<T> committed, Promise<T> promise) {
  }

  private final SqliteConnection writer;
  private final WorkerExecutor thread;
  private final int maxBatch;
  private final long maxWaitNanos;
  private final LinkedBlockingQueue<Pending<?>> queue;
  private final AtomicBoolean draining = new AtomicBoolean();
  private final WriterStats stats;

  GroupCommit(SqliteConnection writer, WorkerExecutor thread, int maxBatch, int maxWaitMs, int maxQueued,
      WriterStats stats) {
    this.writer = writer;
    this.thread = thread;
    this.maxBatch = maxBatch;
    this.maxWaitNanos = TimeUnit.MILLISECONDS.toNanos(maxWaitMs);
    this.queue = new LinkedBlockingQueue<>(maxQueued);
    this.stats = stats;
  }

  /**
   * Queues {@code work}; once its COMMIT succeeded, {@code committed} runs with its result on the
   * writer thread, in commit order across all writes, before the returned future completes.
   */
  <T> Future<T> submit(SqlWork<T> work, Consumer<T> committed) {
    Promise<T> promise = Promise.promise();
    if (!queue.offer(new Pending<>(work, committed, promise))) {
      return Future.failedFuture(new StoreException(StoreException.Kind.OVERLOADED,
          "the write queue is full (" + (queue.size()) + " waiting); retry shortly"));
    }
    if (draining.compareAndSet(false, true)) {
      thread.executeBlocking(this::drain, false)
          .onFailure(e -> LOG.error("The writer stopped unexpectedly", e));
    }
    return promise.future();
  }

  int queued() {
    return queue.size();
  }

  /** Runs on the writer thread until nothing is waiting. */
  private Void drain() throws InterruptedException {
    while (true) {
      List<Pending<?>> batch = takeBatch();
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
    try {
      writer.execute("BEGIN IMMEDIATE");
      for (Pending<?> pending : batch) {
        results.add(runAlone(pending.work()));
      }
      writer.execute("COMMIT");
    } catch (SQLException e) {
      rollback();
      batch.forEach(pending -> pending.promise().fail(e));
      return;
    }
    stats.recordBatch(batch.size());
    for (int i = 0; i < batch.size(); i++) {
      complete(batch.get(i), results.get(i));
    }
  }

  /** Runs one write inside a savepoint; its failure is returned, and undone, without touching the others. */
  private Object runAlone(SqlWork<?> work) throws SQLException {
    writer.execute("SAVEPOINT write");
    try {
      Object result = work.run(writer);
      writer.execute("RELEASE write");
      return result;
    } catch (SQLException | RuntimeException e) {
      writer.execute("ROLLBACK TO write");
      writer.execute("RELEASE write");
      return new Failed(e);
    }
  }

  private record Failed(Exception cause) {
  }

  @SuppressWarnings("unchecked")
  private static <T> void complete(Pending<T> pending, Object result) {
    if (result instanceof Failed failed) {
      pending.promise().fail(failed.cause());
      return;
    }
    try {
      pending.committed().accept((T) result);
    } catch (RuntimeException e) {
      // The write is committed whatever its follow-up does; its caller still gets its result.
      LOG.error("A follow-up of a committed write failed", e);
    }
    pending.promise().complete((T) result);
  }

  private void rollback() {
    try {
      writer.execute("ROLLBACK");
    } catch (SQLException e) {
      LOG.debug("Nothing to roll back: {}", e.getMessage());
    }
  }
}
