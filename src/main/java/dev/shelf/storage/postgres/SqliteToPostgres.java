package dev.shelf.storage.postgres;

import dev.shelf.model.Field;
import dev.shelf.model.Resource;
import dev.shelf.model.TextKey;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.sqlite.SQLiteConfig;

/**
 * Copies a SQLite {@code shelf.db} into an empty PostgreSQL database, for {@code dev.shelf.Migrate}:
 * every record with its id, timestamps and version, the id sequences (so a new record never takes
 * an id the old store had handed out) and the event counter (so event ids carry on). One
 * PostgreSQL transaction: the copy is complete or absent. The SQLite side is read in one read
 * transaction, so a Shelf may keep serving the file meanwhile (its later writes are not copied).
 * Blocking: for a tool's main thread, never for a verticle.
 */
public final class SqliteToPostgres {

  private static final int BATCH = 1_000;
  private static final long WAIT_S = 600;

  private SqliteToPostgres() {
  }

  /** Copies {@code sqlite} into {@code url}; answers the rows copied per table and the event counter. */
  public static JsonObject copy(Path sqlite, String url, String password) throws SQLException {
    if (!Files.isRegularFile(sqlite)) {
      throw new IllegalArgumentException("no SQLite database at " + sqlite);
    }
    PgConnectOptions options = PgConnectOptions.fromUri(url);
    if (password != null && !password.isEmpty()) {
      options.setPassword(password);
    }
    SQLiteConfig config = new SQLiteConfig();
    config.setReadOnly(true);
    config.setBusyTimeout(10_000);
    Vertx vertx = Vertx.vertx();
    Pool pool = PgBuilder.pool().with(new PoolOptions().setMaxSize(1)).connectingTo(options).using(vertx).build();
    try (Connection source = config.createConnection("jdbc:sqlite:" + sqlite)) {
      source.setAutoCommit(false);
      SqlConnection target = await(pool.getConnection());
      try {
        await(PgMigrations.apply(target));
        requireEmpty(target);
        await(target.query("BEGIN").execute());
        JsonObject copied = new JsonObject();
        for (Resource resource : Resource.ALL) {
          copied.put(resource.name(), copyTable(source, target, resource));
        }
        long lastEvent = single(source, "SELECT last FROM event_sequence WHERE id = 1");
        await(target.preparedQuery("UPDATE event_counter SET last = $1 WHERE id = 1").execute(Tuple.of(lastEvent)));
        await(target.query("COMMIT").execute());
        return copied.put("lastEventId", lastEvent);
      } catch (RuntimeException | SQLException e) {
        target.query("ROLLBACK").execute();
        throw e;
      } finally {
        await(target.close());
      }
    } finally {
      pool.close();
      vertx.close();
    }
  }

  private static void requireEmpty(SqlConnection target) {
    for (Resource resource : Resource.ALL) {
      long rows = await(target.query("SELECT count(*) FROM " + resource.table()).execute()).iterator().next().getLong(0);
      if (rows > 0) {
        throw new IllegalArgumentException("the PostgreSQL database already holds " + rows + " " + resource.name()
            + "; copy into an empty database");
      }
    }
  }

  /** Copies one table in batches, in id order; then moves its id sequence past every id SQLite handed out. */
  private static long copyTable(Connection source, SqlConnection target, Resource resource) throws SQLException {
    List<String> names = new ArrayList<>();
    resource.fields().forEach(field -> names.add(field.name()));
    String columns = "id, " + String.join(", ", names) + ", created_at, updated_at, version";
    List<String> keys = resource.fields().stream().filter(field -> field.kind() == Field.Kind.TEXT)
        .map(field -> TextKey.column(field.name())).toList();
    String stored = "id, " + String.join(", ", names) + ", " + String.join(", ", keys) + ", created_at, updated_at, version";
    int count = names.size() + keys.size() + 4;
    StringBuilder params = new StringBuilder();
    for (int i = 1; i <= count; i++) {
      params.append(i == 1 ? "" : ", ").append('$').append(i);
    }
    String insert = "INSERT INTO " + resource.table() + " (" + stored + ") VALUES (" + params + ")";
    long copied = 0;
    try (Statement read = source.createStatement();
         ResultSet rows = read.executeQuery("SELECT " + columns + " FROM " + resource.table() + " ORDER BY id")) {
      List<Tuple> batch = new ArrayList<>();
      while (rows.next()) {
        batch.add(row(resource, rows));
        if (batch.size() == BATCH) {
          copied += flush(target, insert, batch);
        }
      }
      copied += flush(target, insert, batch);
    }
    long handedOut = Math.max(single(source, "SELECT max(id) FROM " + resource.table()),
        single(source, "SELECT seq FROM sqlite_sequence WHERE name = '" + resource.table() + "'"));
    await(target.query(handedOut > 0
        ? "SELECT setval(pg_get_serial_sequence('" + resource.table() + "', 'id'), " + handedOut + ", true)"
        : "SELECT 1").execute());
    return copied;
  }

  private static Tuple row(Resource resource, ResultSet rows) throws SQLException {
    Tuple tuple = Tuple.tuple().addLong(rows.getLong(1));
    int column = 2;
    for (Field field : resource.fields()) {
      if (field.kind() == Field.Kind.YEAR) {
        int year = rows.getInt(column);
        tuple.addInteger(rows.wasNull() ? null : year);
      } else {
        String text = rows.getString(column);
        if (text != null && text.indexOf('\0') >= 0) {
          throw new IllegalArgumentException(resource.singular() + " " + rows.getLong(1) + ": " + field.name()
              + " contains the character U+0000, which PostgreSQL text cannot hold; edit it in Shelf first");
        }
        tuple.addString(text);
      }
      column++;
    }
    // The keys are computed again by the same code, not copied: the SQLite file may predate them.
    for (Field field : resource.fields()) {
      if (field.kind() == Field.Kind.TEXT) {
        tuple.addString(TextKey.of(tuple.getString(resource.fields().indexOf(field) + 1)));
      }
    }
    return tuple.addString(rows.getString(column)).addString(rows.getString(column + 1))
        .addInteger(rows.getInt(column + 2));
  }

  private static int flush(SqlConnection target, String insert, List<Tuple> batch) {
    if (batch.isEmpty()) {
      return 0;
    }
    int size = batch.size();
    await(target.preparedQuery(insert).executeBatch(List.copyOf(batch)));
    batch.clear();
    return size;
  }

  /** One number from the SQLite side; 0 when there is no row or the table does not exist. */
  private static long single(Connection source, String sql) throws SQLException {
    try (PreparedStatement statement = source.prepareStatement(sql); ResultSet rs = statement.executeQuery()) {
      return rs.next() ? rs.getLong(1) : 0;
    } catch (SQLException e) {
      if (e.getMessage() != null && e.getMessage().contains("no such table")) {
        return 0;
      }
      throw e;
    }
  }

  private static <T> T await(Future<T> future) {
    try {
      return future.await(WAIT_S, TimeUnit.SECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException("PostgreSQL did not answer in " + WAIT_S + " s", e);
    }
  }
}
