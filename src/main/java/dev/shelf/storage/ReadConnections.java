package dev.shelf.storage;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * The read-only connections, each used by one read at a time on a pool of exactly as many threads
 * (so a thread always finds a connection free), beside the writer and each other (WAL).
 */
final class ReadConnections {

  private final ExecutorService threads;
  private final BlockingQueue<SqliteConnection> idle;
  private final List<SqliteConnection> all;

  ReadConnections(List<SqliteConnection> connections) {
    this.all = List.copyOf(connections);
    this.idle = new ArrayBlockingQueue<>(connections.size(), false, connections);
    this.threads = Executors.newFixedThreadPool(connections.size(), new StorageThreads("shelf-reader"));
  }

  /**
   * Runs {@code work} on a free connection. The future completes on the reader thread, so the
   * caller's reply leaves from there without another hop through the storage verticle's context.
   */
  <T> Future<T> read(SqlWork<T> work) {
    Promise<T> promise = Promise.promise();
    try {
      threads.execute(() -> {
        SqliteConnection connection = idle.poll();
        try {
          promise.complete(work.run(connection));
        } catch (SQLException | RuntimeException e) {
          promise.fail(e);
        } finally {
          idle.add(connection);
        }
      });
    } catch (RejectedExecutionException e) {
      promise.fail(new StoreException(StoreException.Kind.UNAVAILABLE, "the database is closing"));
    }
    return promise.future();
  }

  /** Lets running reads finish (up to 10 s), then closes the connections. Blocking. */
  void close() throws SQLException {
    threads.shutdown();
    try {
      threads.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    for (SqliteConnection connection : all) {
      connection.close();
    }
  }

  /** Refuses new reads, and interrupts running ones when {@code now}. */
  void stop(boolean now) {
    if (now) {
      threads.shutdownNow();
    } else {
      threads.shutdown();
    }
  }
}
