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
 * concurrent futures read best on its API: one writer connection. The request
 * path does not use it: {@link Database} reaches the same file with plain JDBC on dedicated
 * threads, because a JDBCPool call measured ~250 µs against ~50 µs (see docs/performance.md).
 *
 * <p>Writes run as explicit {@code BEGIN IMMEDIATE … COMMIT} on one connection. The pool's own
 * {@code begin()}/{@code withTransaction} are avoided on purpose: in vertx-jdbc-client 5.0.7 they
 * leave the pooled connection in manual-commit mode (vert-x3/vertx-jdbc-client#356), and
 * sqlite-jdbc then holds a transaction open for ever.
 */
final class SchemaPool {

  private final Pool writer;

  private SchemaPool(Pool writer) {
    this.writer = writer;
  }

  /** One writer connection, with the same settings as the request path's ({@link Database#config}). */
  static SchemaPool open(Vertx vertx, String path, String synchronous) {
    SQLiteConfig config = Database.config(synchronous);
    config.setJournalMode(SQLiteConfig.JournalMode.WAL);
    SQLiteDataSource dataSource = new SQLiteDataSource(config);
    dataSource.setUrl("jdbc:sqlite:" + path);
    return new SchemaPool(JDBCPool.pool(vertx, dataSource, new PoolOptions().setMaxSize(1).setName("shelf-schema")));
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
    return writer.close();
  }
}
