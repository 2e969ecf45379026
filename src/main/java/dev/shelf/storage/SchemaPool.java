package dev.shelf.storage;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.jdbcclient.JDBCPool;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.SqlConnection;
import java.util.function.Function;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * The SQLite file through vertx-jdbc-client, used at start-up for the schema migrations, whose
 * concurrent futures read best on its API: one writer connection and a read-only pool. The request
 * path does not use it: {@link Database} reaches the same file with plain JDBC on dedicated
 * threads, because a JDBCPool call measured ~250 µs against ~50 µs (see README, Performance).
 *
 * <p>Writes run as explicit {@code BEGIN IMMEDIATE … COMMIT} on one connection. The pool's own
 * {@code begin()}/{@code withTransaction} are avoided on purpose: in vertx-jdbc-client 5.0.7 they
 * leave the pooled connection in manual-commit mode (vert-x3/vertx-jdbc-client#356), and
 * sqlite-jdbc then holds a transaction open for ever.
 */
final class SchemaPool {

  private static final int BUSY_TIMEOUT_MS = 10_000;

  private final Pool writer;
  private final Pool readers;

  private SchemaPool(Pool writer, Pool readers) {
    this.writer = writer;
    this.readers = readers;
  }

  static SchemaPool open(Vertx vertx, String path, String synchronous, int readerCount) {
    String url = "jdbc:sqlite:" + path;

    SQLiteConfig writeConfig = commonConfig(synchronous);
    writeConfig.setJournalMode(SQLiteConfig.JournalMode.WAL);
    Pool writer = JDBCPool.pool(vertx, dataSource(url, writeConfig),
        new PoolOptions().setMaxSize(1).setName("shelf-writer"));

    SQLiteConfig readConfig = commonConfig(synchronous);
    readConfig.setReadOnly(true);
    Pool readers = JDBCPool.pool(vertx, dataSource(url, readConfig),
        new PoolOptions().setMaxSize(readerCount).setName("shelf-readers"));
    return new SchemaPool(writer, readers);
  }

  private static SQLiteConfig commonConfig(String synchronous) {
    SQLiteConfig config = new SQLiteConfig();
    config.setSynchronous(SQLiteConfig.SynchronousMode.valueOf(synchronous));
    config.setBusyTimeout(BUSY_TIMEOUT_MS);
    config.enforceForeignKeys(true);
    return config;
  }

  private static SQLiteDataSource dataSource(String url, SQLiteConfig config) {
    SQLiteDataSource dataSource = new SQLiteDataSource(config);
    dataSource.setUrl(url);
    return dataSource;
  }

  /** The pool for queries that only read. */
  Pool readers() {
    return readers;
  }

  /**
   * Runs {@code work} in one write transaction and completes only after COMMIT succeeded. On any
   * failure the transaction is rolled back and the connection goes back to the pool clean.
   */
  <T> Future<T> write(Function<SqlConnection, Future<T>> work) {
    return writer.getConnection().compose(conn -> conn.query("BEGIN IMMEDIATE").execute()
        .compose(begun -> work.apply(conn))
        .compose(result -> conn.query("COMMIT").execute().map(result))
        .recover(failure -> conn.query("ROLLBACK").execute()
            .transform(rolledBack -> Future.<T>failedFuture(failure)))
        .eventually(conn::close));
  }

  /** Runs {@code work} on the writer connection outside a transaction (PRAGMAs, checkpoints). */
  <T> Future<T> withWriter(Function<SqlConnection, Future<T>> work) {
    return writer.withConnection(work);
  }

  Future<Void> close() {
    return Future.join(writer.close(), readers.close()).mapEmpty();
  }
}
