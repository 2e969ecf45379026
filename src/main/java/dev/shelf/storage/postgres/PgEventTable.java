package dev.shelf.storage.postgres;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SQL of the {@code events} table and its {@code event_counter} row: numbering a batch's events
 * inside its transaction, reading the history, pruning. {@link PgEventLog} is the feed built on it.
 */
final class PgEventTable {

  static final String CHANNEL = "shelf_events";
  /** Takes {@code $1} ids from the counter and stores the events (types {@code $2}, data {@code $3}) under them. */
  static final String NUMBER_AND_STORE = "WITH c AS (UPDATE event_counter SET last = last + $1 WHERE id = 1 RETURNING last),"
      + " stored AS (INSERT INTO events (id, type, data)"
      + " SELECT c.last - $1 + e.n, e.type, e.data FROM c, unnest($2::text[], $3::text[]) WITH ORDINALITY AS e(type, data, n))"
      + " SELECT last, pg_notify('" + CHANNEL + "', last::text) FROM c";
  private static final String HISTORY = "SELECT id, type, data FROM events WHERE id > $1 AND id <= $2 ORDER BY id LIMIT $3";
  /**
   * The counter, and the events from id {@code $1} on (the last one published included, to check it
   * is still the same): one snapshot, so a counter below {@code $1} means the store went back.
   */
  private static final String READ = "SELECT c.last, e.id, e.type, e.data FROM event_counter c"
      + " LEFT JOIN LATERAL (SELECT id, type, data FROM events WHERE id >= $1 ORDER BY id LIMIT $2) e ON true"
      + " WHERE c.id = 1 ORDER BY e.id";
  private static final String PRUNE = "DELETE FROM events WHERE id <= (SELECT last FROM event_counter WHERE id = 1) - $1"
      + " OR created_at < now() - make_interval(hours => $2)";

  private static final long PRUNE_EVERY_MS = 60_000;
  private static final Logger LOG = LoggerFactory.getLogger(PgEventTable.class);

  private PgEventTable() {
  }

  /** An event as the bus and the HTTP side carry it. */
  static JsonObject event(long id, String type, String data) {
    return new JsonObject().put("type", type).put("id", id).put("data", new JsonObject(data));
  }

  /**
   * Numbers {@code pending} events ({@code type}, {@code data}) in the open transaction of
   * {@code conn}, as its last statement; answers them with their ids. None: no statement at all.
   */
  static Future<List<JsonObject>> number(SqlConnection conn, List<JsonObject> pending) {
    if (pending.isEmpty()) {
      return Future.succeededFuture(List.of());
    }
    String[] types = pending.stream().map(event -> event.getString("type")).toArray(String[]::new);
    String[] data = pending.stream().map(event -> event.getJsonObject("data").encode()).toArray(String[]::new);
    return conn.preparedQuery(NUMBER_AND_STORE).execute(Tuple.of((long) pending.size(), types, data)).map(rows -> {
      long id = rows.iterator().next().getLong(0) - pending.size();
      List<JsonObject> numbered = new ArrayList<>(pending.size());
      for (JsonObject event : pending) {
        numbered.add(new JsonObject().put("type", event.getString("type")).put("id", ++id)
            .put("data", event.getJsonObject("data")));
      }
      return numbered;
    });
  }

  /** The stored events after {@code id} up to {@code upTo}, at most {@code max}, in order. */
  static Future<List<JsonObject>> history(Pool pool, long id, long upTo, int max) {
    return pool.preparedQuery(HISTORY).execute(Tuple.of(id, upTo, max)).map(rows -> {
      List<JsonObject> events = new ArrayList<>(rows.size());
      for (Row row : rows) {
        events.add(event(row.getLong(0), row.getString(1), row.getString(2)));
      }
      return events;
    });
  }

  /** Deletes the events older than the newest {@code retainCount} or than {@code retainHours}; answers how many. */
  static Future<Integer> prune(Pool pool, int retainCount, int retainHours) {
    return pool.preparedQuery(PRUNE).execute(Tuple.of((long) retainCount, retainHours)).map(rows -> rows.rowCount());
  }

  /** Rows of (counter, id, type, data): the counter, and up to {@code max} events from {@code from} on. */
  static Future<RowSet<Row>> readFrom(Pool pool, long from, int max) {
    return pool.preparedQuery(READ).execute(Tuple.of(from, max));
  }

  /**
   * Whether the store went back below what a node published up to {@code from} ({@code seen} the
   * event it published last, null when not known): the counter is below it, or event {@code from}
   * (the {@code first} row of {@link #readFrom}) is now another change.
   */
  static boolean wentBack(long from, JsonObject seen, Row first) {
    Long id = first.getLong(1);
    boolean sameEvent = seen == null || seen.getString("type").equals(first.getString(2))
        && seen.getJsonObject("data").equals(new JsonObject(first.getString(3)));
    return first.getLong(0) < from || (id != null && id == from && !sameEvent);
  }

  /** Prunes now and every minute after, as {@code events.retainCount}/{@code retainHours} say; answers the timer. */
  static long pruneEvery(Vertx vertx, Pool pool, PgEventLog.Settings settings) {
    Runnable prune = () -> prune(pool, settings.retainCount(), settings.retainHours())
        .onSuccess(pruned -> {
          if (pruned > 0) {
            LOG.debug("Pruned {} old change events", pruned);
          }
        })
        .onFailure(e -> LOG.debug("Pruning old events failed (retried in {} ms): {}", PRUNE_EVERY_MS, e.getMessage()));
    prune.run();
    return vertx.setPeriodic(PRUNE_EVERY_MS, timer -> prune.run());
  }
}
