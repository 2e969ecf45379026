import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.jdbcclient.JDBCPool;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Tuple;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Locale;
import org.sqlite.SQLiteDataSource;

/**
 * What one primary-key read costs through each layer, measured in one run:
 * raw JDBC in a loop, raw JDBC with a reused statement behind one executeBlocking hop, and the
 * same query through vertx-jdbc-client's JDBCPool. Single caller, one query at a time, so the
 * figures are per-call latency. Run: {@code java -cp target/shelf.jar bench/JdbcOverhead.java}.
 */
public class JdbcOverhead {

  static final String SQL = "SELECT id, title, author, year, created_at, updated_at, version FROM books WHERE id = ?";
  static final int ROWS = 1000;
  static final int CALLS = 20_000;

  public static void main(String[] args) throws Exception {
    Path db = Files.createTempDirectory("jdbc-overhead").resolve("t.db");
    SQLiteDataSource ds = new SQLiteDataSource();
    ds.setUrl("jdbc:sqlite:" + db);
    try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
      s.execute("PRAGMA journal_mode=WAL");
      s.execute("CREATE TABLE books (id INTEGER PRIMARY KEY, title TEXT, author TEXT, year INTEGER,"
          + " created_at TEXT, updated_at TEXT, version INTEGER)");
      s.execute("BEGIN");
      for (int i = 1; i <= ROWS; i++) {
        s.execute("INSERT INTO books VALUES (" + i + ", 'Title " + i + "', 'Author', 1999, 'x', 'x', 1)");
      }
      s.execute("COMMIT");
    }
    Vertx vertx = Vertx.vertx();
    for (int round = 1; round <= 3; round++) {
      System.out.printf(Locale.ROOT, "round %d: raw JDBC %.1f µs | raw JDBC + executeBlocking %.1f µs | JDBCPool %.1f µs%n",
          round, raw(ds), rawBehindHop(vertx, ds), pool(vertx, ds));
    }
    vertx.close().await();
  }

  static double raw(SQLiteDataSource ds) throws Exception {
    try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(SQL)) {
      long start = System.nanoTime();
      for (int i = 0; i < CALLS; i++) {
        read(ps, 1 + i % ROWS);
      }
      return (System.nanoTime() - start) / 1000.0 / CALLS;
    }
  }

  static double rawBehindHop(Vertx vertx, SQLiteDataSource ds) throws Exception {
    WorkerExecutor worker = vertx.createSharedWorkerExecutor("overhead", 1);
    try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(SQL)) {
      long start = System.nanoTime();
      for (int i = 0; i < CALLS; i++) {
        int id = 1 + i % ROWS;
        worker.executeBlocking(() -> read(ps, id), false).await();
      }
      return (System.nanoTime() - start) / 1000.0 / CALLS;
    } finally {
      worker.close().await();
    }
  }

  static double pool(Vertx vertx, SQLiteDataSource ds) {
    Pool pool = JDBCPool.pool(vertx, ds, new PoolOptions().setMaxSize(1));
    long start = System.nanoTime();
    for (int i = 0; i < CALLS; i++) {
      pool.preparedQuery(SQL).execute(Tuple.of(1 + i % ROWS)).await();
    }
    double micros = (System.nanoTime() - start) / 1000.0 / CALLS;
    pool.close().await();
    return micros;
  }

  static String read(PreparedStatement ps, int id) throws Exception {
    ps.setInt(1, id);
    try (ResultSet rs = ps.executeQuery()) {
      rs.next();
      return rs.getString(2);
    }
  }
}
