package dev.shelf.storage.postgres;

import dev.shelf.storage.ChangeEvents;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.pubsub.PgSubscriber;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Change events shared by every node through PostgreSQL. A writer numbers its batch's events from
 * the {@code event_counter} row as the transaction's last statement and stores them in
 * {@code events} ({@link #number}); the counter's row lock, held to COMMIT, makes ids follow commit
 * order, so whoever sees event n also sees every event before it: ids are global and gap-free.
 *
 * <p>Each node publishes every event, its own and the other nodes', on its local bus
 * ({@link ChangeEvents#ADDRESS}) in id order, exactly once. It reads {@code events WHERE id > last
 * ORDER BY id} when a NOTIFY wakes it, every {@code events.pollMs} (NOTIFY is not durable), and
 * whenever its LISTEN connection is back after a break. Its own batches are published straight
 * after their COMMIT when nothing is missing before them. Old events are pruned by count and age.
 *
 * <p>Each read also checks the store still holds what this node published (the counter is not
 * below it, its last event is the same): a store restored from a backup or failed over to a
 * replica behind the primary gives those ids again, to other changes. The node then starts again
 * at the store's counter and says so on {@link ChangeEvents#REWOUND}.
 */
final class PgEventLog {

  static final String CHANNEL = "shelf_events";
  /** Takes {@code $1} ids from the counter and stores the events (types {@code $2}, data {@code $3}) under them. */
  static final String NUMBER_AND_STORE = "WITH c AS (UPDATE event_counter SET last = last + $1 WHERE id = 1 RETURNING last),"
      + " stored AS (INSERT INTO events (id, type, data)"
      + " SELECT c.last - $1 + e.n, e.type, e.data FROM c, unnest($2::text[], $3::text[]) WITH ORDINALITY AS e(type, data, n))"
      + " SELECT last, pg_notify('" + CHANNEL + "', last::text) FROM c";
  /**
   * The counter, and the events from id {@code $1} on (the last one published included, to check it
   * is still the same): one snapshot, so a counter below {@code $1} means the store went back.
   */
  private static final String READ = "SELECT c.last, e.id, e.type, e.data FROM event_counter c"
      + " LEFT JOIN LATERAL (SELECT id, type, data FROM events WHERE id >= $1 ORDER BY id LIMIT $2) e ON true"
      + " WHERE c.id = 1 ORDER BY e.id";
  private static final String HISTORY = "SELECT id, type, data FROM events WHERE id > $1 AND id <= $2 ORDER BY id LIMIT $3";
  private static final String PRUNE = "DELETE FROM events WHERE id <= (SELECT last FROM event_counter WHERE id = 1) - $1"
      + " OR created_at < now() - make_interval(hours => $2)";
  private static final int READ_BATCH = 500;
  private static final long PRUNE_EVERY_MS = 60_000;
  /** A read that has not answered in this long is given up on, so one lost answer cannot stop the feed. */
  private static final long STUCK_READ_MS = 30_000;
  private static final Logger LOG = LoggerFactory.getLogger(PgEventLog.class);

  /** Settings from {@code events.*}. */
  record Settings(long pollMs, int retainCount, int retainHours) {
  }

  private record Waiter(long id, Promise<Void> promise) {
  }

  private final Vertx vertx;
  private final Pool pool;
  private final PgConnectOptions connect;
  private final Settings settings;
  private final List<Waiter> waiters = new ArrayList<>();
  private volatile long position = -1;
  /** The event published last (its id is {@link #position}), null when not known (at start, after a rewind). */
  private JsonObject lastPublished;
  /**
   * Set when a read failed (the store may have restarted or failed over), cleared by the next read
   * that checked the store still holds what was published: until then this node's own commits are
   * published through a read, never straight after COMMIT.
   */
  private boolean unchecked;
  private boolean reading;
  private long readStartedMs;
  private boolean readAgain;
  private PgSubscriber subscriber;
  private long pollTimer = -1;
  private long pruneTimer = -1;

  PgEventLog(Vertx vertx, Pool pool, PgConnectOptions connect, Settings settings) {
    this.vertx = vertx;
    this.pool = pool;
    this.connect = connect;
    this.settings = settings;
  }

  /**
   * Starts at the newest committed event (those before it are history, served from the HTTP
   * side's buffer or not at all), listens for wake-ups and starts the timers. Call on the store's context.
   */
  Future<Void> start() {
    return pool.query("SELECT last FROM event_counter WHERE id = 1").execute()
        .map(rows -> position = rows.iterator().next().getLong(0))
        .compose(known -> listen())
        .onSuccess(listening -> {
          pollTimer = vertx.setPeriodic(settings.pollMs(), timer -> catchUp());
          pruneTimer = vertx.setPeriodic(PRUNE_EVERY_MS, timer -> prune());
          prune();
        });
  }

  private Future<Void> listen() {
    subscriber = PgSubscriber.subscriber(vertx, connect)
        .reconnectPolicy(retries -> Math.min(1_000L, settings.pollMs()));
    subscriber.channel(CHANNEL)
        .subscribeHandler(subscribed -> catchUp())
        .handler(payload -> {
          if (payload == null || !payload.matches("\\d{1,18}") || Long.parseLong(payload) > position) {
            catchUp();
          }
        });
    return subscriber.connect();
  }

  /** The id of the newest event this node has published. */
  long position() {
    return position;
  }

  /**
   * The stored events after {@code id}, at most {@code max}, none this node has not published yet
   * (a client resuming here then gets the rest from the HTTP side's buffer, in order).
   */
  Future<List<JsonObject>> history(long id, int max) {
    return pool.preparedQuery(HISTORY).execute(Tuple.of(id, position, max)).map(rows -> {
      List<JsonObject> events = new ArrayList<>(rows.size());
      for (Row row : rows) {
        events.add(event(row.getLong(0), row.getString(1), row.getString(2)));
      }
      return events;
    });
  }

  private static JsonObject event(long id, String type, String data) {
    return new JsonObject().put("type", type).put("id", id).put("data", new JsonObject(data));
  }

  /**
   * Numbers {@code pending} events ({@code type}, {@code data}) in the open transaction of
   * {@code conn}, as its last statement; answers them with their ids. None: no statement at all.
   */
  Future<List<JsonObject>> number(SqlConnection conn, List<JsonObject> pending) {
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

  /**
   * This node's batch committed with these events: publishes them now when they follow the last
   * one published, else reads up to them first. Completes once they are published.
   */
  Future<Void> committed(List<JsonObject> events) {
    if (events.isEmpty()) {
      return Future.succeededFuture();
    }
    long last = events.get(events.size() - 1).getLong("id");
    if (last <= position) {
      // Published by a read that came first, or the store went back and gave these ids again: a read tells.
      catchUp();
      return Future.succeededFuture();
    }
    if (!unchecked && events.get(0).getLong("id") == position + 1) {
      events.forEach(this::publish);
      return Future.succeededFuture();
    }
    Promise<Void> published = Promise.promise();
    waiters.add(new Waiter(last, published));
    catchUp();
    return published.future();
  }

  /** Reads and publishes every event after the last one published; one read at a time. */
  private void catchUp() {
    if (reading && System.currentTimeMillis() - readStartedMs < STUCK_READ_MS) {
      readAgain = true;
      return;
    }
    reading = true;
    readStartedMs = System.currentTimeMillis();
    readAgain = false;
    long from = position;
    JsonObject seen = lastPublished;
    pool.preparedQuery(READ).execute(Tuple.of(from, READ_BATCH + 1)).onComplete(read -> {
      reading = false;
      if (read.failed()) {
        LOG.debug("Reading new events failed (the poll retries): {}", read.cause().getMessage());
        unchecked = true;
        failWaiters(read.cause());
        return;
      }
      RowSet<Row> rows = read.result();
      Row first = rows.iterator().next();
      long counter = first.getLong(0);
      if (counter < from || (first.getLong(1) != null && first.getLong(1) == from && !sameEvent(seen, first))) {
        rewind(from, counter);
        catchUp();
        return;
      }
      unchecked = false;
      for (Row row : rows) {
        if (row.getLong(1) != null && row.getLong(1) > position) {
          publish(event(row.getLong(1), row.getString(2), row.getString(3)));
        }
      }
      if (rows.size() > READ_BATCH || readAgain) {
        catchUp();
      }
    });
  }

  private static boolean sameEvent(JsonObject published, Row row) {
    return published == null || published.getString("type").equals(row.getString(2))
        && published.getJsonObject("data").equals(new JsonObject(row.getString(3)));
  }

  /**
   * The store no longer holds the events this node published last: PostgreSQL was restored from a
   * backup, failed over to a replica that had not received the last commits, or ran without
   * durable commits and crashed. Their ids are being given to other changes, which clients would
   * take for duplicates. Starts again at the store's counter and tells the subscribers
   * ({@link ChangeEvents#REWOUND}), whose clients must reload.
   */
  private void rewind(long from, long counter) {
    LOG.warn("The store's change events went back: this node had published up to {}, the store now has them up to {}"
        + " with different changes; /events clients are told to reload", from, counter);
    position = counter;
    lastPublished = null;
    vertx.eventBus().publish(ChangeEvents.REWOUND, new JsonObject().put("id", counter));
    completeWaiters();
  }

  /**
   * Publishes one event on this node's bus. An id past the next one means the events between were
   * pruned before this node read them; subscribers then see the gap and tell their clients to reload.
   */
  private void publish(JsonObject event) {
    position = event.getLong("id");
    lastPublished = event;
    vertx.eventBus().publish(ChangeEvents.ADDRESS, event);
    completeWaiters();
  }

  private void completeWaiters() {
    for (Iterator<Waiter> it = waiters.iterator(); it.hasNext(); ) {
      Waiter waiter = it.next();
      if (waiter.id() <= position) {
        it.remove();
        waiter.promise().complete();
      }
    }
  }

  private void failWaiters(Throwable cause) {
    List<Waiter> failed = List.copyOf(waiters);
    waiters.clear();
    failed.forEach(waiter -> waiter.promise().fail(cause));
  }

  private void prune() {
    pool.preparedQuery(PRUNE).execute(Tuple.of((long) settings.retainCount(), settings.retainHours()))
        .onSuccess(rows -> {
          if (rows.rowCount() > 0) {
            LOG.debug("Pruned {} old change events", rows.rowCount());
          }
        })
        .onFailure(e -> LOG.debug("Pruning old events failed (retried in {} ms): {}", PRUNE_EVERY_MS, e.getMessage()));
  }

  Future<Void> close() {
    vertx.cancelTimer(pollTimer);
    vertx.cancelTimer(pruneTimer);
    failWaiters(new IllegalStateException("the store is closing"));
    return subscriber == null ? Future.succeededFuture() : subscriber.close();
  }
}
