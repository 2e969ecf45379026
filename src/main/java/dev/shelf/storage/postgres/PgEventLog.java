package dev.shelf.storage.postgres;

import dev.shelf.storage.ChangeEvents;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.pubsub.PgSubscriber;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Change events shared by every node through PostgreSQL. A writer numbers its batch's events from
 * the {@code event_counter} row as the transaction's last statement and stores them in
 * {@code events} ({@link PgEventTable#number}); the counter's row lock, held to COMMIT, makes ids follow commit
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

  private static final int READ_BATCH = 500;
  /** A read that has not answered in this long is given up on, so one lost answer cannot stop the feed. */
  private static final long STUCK_READ_MS = 30_000;
  private static final Logger LOG = LoggerFactory.getLogger(PgEventLog.class);

  /** Settings from {@code events.*}. */
  record Settings(long pollMs, int retainCount, int retainHours) {
  }

  private final Vertx vertx;
  private final Pool pool;
  private final PgConnectOptions connect;
  private final Settings settings;
  private final PublishWaiters waiters = new PublishWaiters();
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
          pruneTimer = PgEventTable.pruneEvery(vertx, pool, settings);
        });
  }

  private Future<Void> listen() {
    subscriber = PgSubscriber.subscriber(vertx, connect)
        .reconnectPolicy(retries -> Math.min(1_000L, settings.pollMs()));
    subscriber.channel(PgEventTable.CHANNEL)
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
    return PgEventTable.history(pool, id, position, max);
  }

  /** See {@link PgEventTable#number}. */
  Future<List<JsonObject>> number(SqlConnection conn, List<JsonObject> pending) {
    return PgEventTable.number(conn, pending);
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
    Future<Void> published = waiters.until(last);
    catchUp();
    return published;
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
    PgEventTable.readFrom(pool, from, READ_BATCH + 1).onComplete(read -> {
      reading = false;
      if (read.failed()) {
        LOG.debug("Reading new events failed (the poll retries): {}", read.cause().getMessage());
        unchecked = true;
        waiters.failAll(read.cause());
        return;
      }
      RowSet<Row> rows = read.result();
      Row first = rows.iterator().next();
      long counter = first.getLong(0);
      if (PgEventTable.wentBack(from, seen, first)) {
        rewind(from, counter);
        catchUp();
        return;
      }
      unchecked = false;
      for (Row row : rows) {
        if (row.getLong(1) != null && row.getLong(1) > position) {
          publish(PgEventTable.event(row.getLong(1), row.getString(2), row.getString(3)));
        }
      }
      if (rows.size() > READ_BATCH || readAgain) {
        catchUp();
      }
    });
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
    waiters.reached(position);
  }

  /**
   * Publishes one event on this node's bus. An id past the next one means the events between were
   * pruned before this node read them; subscribers then see the gap and tell their clients to reload.
   */
  private void publish(JsonObject event) {
    position = event.getLong("id");
    lastPublished = event;
    vertx.eventBus().publish(ChangeEvents.ADDRESS, event);
    waiters.reached(position);
  }

  Future<Void> close() {
    vertx.cancelTimer(pollTimer);
    vertx.cancelTimer(pruneTimer);
    waiters.failAll(new IllegalStateException("the store is closing"));
    return subscriber == null ? Future.succeededFuture() : subscriber.close();
  }
}
