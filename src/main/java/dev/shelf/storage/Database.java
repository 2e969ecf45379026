package dev.shelf.storage;

import dev.shelf.metrics.ShelfMetrics;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;

/**
 * The SQLite file on the request path: plain JDBC on threads of its own, never an event loop.
 * <ul>
 * <li>One writer connection on one thread, fed by {@link GroupCommit}: SQLite admits one writer at
 *     a time, and a single connection means a write never meets "database is locked".</li>
 * <li>A pool of read-only connections on as many threads: WAL lets them read beside the writer,
 *     so reads never queue behind writes.</li>
 * </ul>
 * Prepared statements are kept per connection. (vertx-jdbc-client's JDBCPool prepares each call
 * anew and adds several thread hops: ~250 µs a read against ~50 µs here, see docs/performance.md.)
 */
final class Database {

  /** Settings of the request-path database. */
  record Settings(String path, String synchronous, int readers, int batchMax, int batchWaitMs, int queueMax,
      int writerStallMs) {

    /** With the default {@code db.writerStallMs}. */
    Settings(String path, String synchronous, int readers, int batchMax, int batchWaitMs, int queueMax) {
      this(path, synchronous, readers, batchMax, batchWaitMs, queueMax, 30_000);
    }
  }

  static final int BUSY_TIMEOUT_MS = 10_000;
  /** How long closing waits for the writer: a busy wait, then a checkpoint, with room to spare. */
  static final long CLOSE_LIMIT_MS = 2L * BUSY_TIMEOUT_MS;
  private static final Logger LOG = LoggerFactory.getLogger(Database.class);

  private final Vertx vertx;
  private final WorkerExecutor writeThread;
  private final SqliteConnection writer;
  private final ReadConnections readers;
  private final GroupCommit commits;
  private final DatabaseFile file;
  private final String path;
  private final int writerStallMs;
  private final WriterStats stats = new WriterStats(ShelfMetrics.registry());

  private Database(Vertx vertx, Settings settings, SqliteConnection writer, List<SqliteConnection> readers,
      DatabaseFile file) {
    this.vertx = vertx;
    this.writeThread = vertx.createSharedWorkerExecutor("shelf-writer-" + settings.path(), 1);
    this.writer = writer;
    this.readers = new ReadConnections(readers);
    this.file = file;
    this.path = settings.path();
    this.writerStallMs = settings.writerStallMs();
    this.commits = new GroupCommit(writer, writeThread, settings.batchMax(), settings.batchWaitMs(),
        settings.queueMax(), stats, file::check);
    stats.watchQueue(commits::queued);
  }

  /** A write that has not started within {@code ms} of being queued is refused, not run (see GroupCommit). */
  void refuseWritesNotStartedWithin(long ms) {
    commits.refuseAfter(ms);
  }

  /** Opens the connections (blocking: call it on a worker thread). */
  static Database open(Vertx vertx, Settings settings) throws SQLException {
    SQLiteConfig writeConfig = config(settings.synchronous());
    writeConfig.setJournalMode(SQLiteConfig.JournalMode.WAL);
    SqliteConnection writer = SqliteConnection.open(settings.path(), writeConfig);
    List<SqliteConnection> readers = new ArrayList<>();
    SQLiteConfig readConfig = config(settings.synchronous());
    readConfig.setReadOnly(true);
    for (int i = 0; i < settings.readers(); i++) {
      readers.add(SqliteConnection.open(settings.path(), readConfig));
    }
    try {
      return new Database(vertx, settings, writer, readers, DatabaseFile.of(settings.path()));
    } catch (java.io.IOException e) {
      throw new SQLException("cannot read the identity of the database file: " + e.getMessage(), e);
    }
  }

  static SQLiteConfig config(String synchronous) {
    SQLiteConfig config = new SQLiteConfig();
    config.setSynchronous(SQLiteConfig.SynchronousMode.valueOf(synchronous));
    config.setBusyTimeout(BUSY_TIMEOUT_MS);
    config.enforceForeignKeys(true);
    return config;
  }

  /** Runs {@code work} on a read-only connection, beside the writer and the other readers. */
  <T> Future<T> read(SqlWork<T> work) {
    return readers.read(work);
  }

  /** Runs {@code work} in a group-committed write transaction; completes after its COMMIT. */
  <T> Future<T> write(SqlWork<T> work) {
    return write(work, result -> { });
  }

  /**
   * Like {@link #write(SqlWork)}, and runs {@code committed} with the result once the COMMIT
   * succeeded, on the writer thread and in commit order: whatever it publishes goes out in the
   * order the changes were made.
   */
  <T> Future<T> write(SqlWork<T> work, Consumer<T> committed) {
    return commits.submit(work, committed);
  }

  /** Runs {@code work} on the writer thread, outside any transaction (checkpoints, settings). */
  <T> Future<T> onWriter(SqlWork<T> work) {
    return writeThread.executeBlocking(() -> work.run(writer), true);
  }

  /**
   * Fails unless the file can be written now: takes the write lock and changes nothing (rolled
   * back). SQLite opens a file it may not write read-only and says so only at the first write.
   */
  Future<Void> checkWritable() {
    return onWriter(c -> {
      c.execute("BEGIN IMMEDIATE");
      try {
        c.update("UPDATE event_sequence SET last = last WHERE id = 1", List.of());
      } finally {
        c.execute("ROLLBACK");
      }
      return null;
    });
  }

  /** The database file, as given in the settings. */
  String path() {
    return path;
  }

  /**
   * Why writes cannot be taken now, or null when they can: the database file was deleted or
   * replaced, or the writer is stuck (see {@code db.writerStallMs}). For readiness.
   */
  String writeProblem() {
    String problem = file.problem();
    return problem != null ? problem : commits.stall(writerStallMs);
  }

  /**
   * Closes the readers, folds the WAL back into the database file and truncates it
   * ({@code wal_checkpoint(TRUNCATE)}, so the file alone is complete), then closes the writer.
   * Writes still queued run first: this runs on the writer thread, after them. A writer stuck for
   * longer than {@code limitMs} is given up on, so a shutdown always ends; SQLite's WAL keeps every
   * committed write for the next start.
   */
  Future<Void> close(long limitMs) {
    stats.close();
    Promise<Void> closed = Promise.promise();
    long timer = vertx.setTimer(limitMs, id -> {
      if (closed.tryComplete()) {
        LOG.warn("The writer did not finish within {} ms; closing without a checkpoint", limitMs);
        readers.stop(true);
      }
    });
    onWriter(connection -> {
      readers.close();
      connection.execute("PRAGMA wal_checkpoint(TRUNCATE)");
      connection.close();
      return (Void) null;
    }).eventually(() -> {
      readers.stop(false);
      return writeThread.close();
    }).onComplete(done -> {
      vertx.cancelTimer(timer);
      if (done.succeeded()) {
        closed.tryComplete();
      } else {
        closed.tryFail(done.cause());
      }
    });
    return closed.future();
  }

  Future<Void> close() {
    return close(CLOSE_LIMIT_MS);
  }
}
