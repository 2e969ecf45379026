package dev.shelf.http.events;

import dev.shelf.http.RouteTable;
import dev.shelf.storage.ChangeEvents;
import dev.shelf.storage.RecordStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /events}: every committed change as Server-Sent Events ({@code id:}, {@code event:},
 * {@code data:}). One per HTTP verticle instance, all on that instance's event loop: it subscribes
 * to the storage's change events and keeps the newest in an {@link EventBuffer}.
 *
 * <p>A new client first gets {@code ready} carrying the current id. A client that reconnects with
 * {@code Last-Event-ID} gets the events after it from the buffer, or, when it is older than the
 * buffer, first from the store's history ({@link RecordStore#eventsAfter}: PostgreSQL's events
 * table). When they are no longer there (pruned; SQLite keeps no history), or the id is unknown
 * (newer than any here, from another database, not a number), it gets {@code reset}, also
 * carrying the current id, and should reload what it shows. A heartbeat
 * comment every {@code events.heartbeatMs} keeps proxies from closing an idle stream; a client
 * whose write queue stays full from one heartbeat to the next, or that falls behind the buffer,
 * is dropped (and resumes from the store when it reconnects).
 */
public final class EventStream {

  private static final Logger LOG = LoggerFactory.getLogger(EventStream.class);
  /** How often a client that is ahead of this node looks whether the node has caught up. */
  private static final long AHEAD_POLL_MS = 20;

  private final Vertx vertx;
  private final int bufferSize;
  private EventBuffer buffer;
  private final long heartbeatMs;
  private final RecordStore storage;
  private final Set<SseClient> clients = new LinkedHashSet<>();
  private final EventOrder order;
  private final StoreReplay replay;

  public EventStream(Vertx vertx, int bufferSize, long heartbeatMs, RecordStore storage) {
    this.vertx = vertx;
    this.bufferSize = bufferSize;
    this.buffer = new EventBuffer(bufferSize);
    this.heartbeatMs = heartbeatMs;
    this.storage = storage;
    this.order = new EventOrder(vertx, () -> buffer.newest(), this::add);
    this.replay = new StoreReplay(storage, this);
  }

  /**
   * Subscribes to the change events, then asks storage where the stream stands. If storage does
   * not answer, the HTTP side starts all the same (its API answers 503 until storage is back) and
   * asks again at each heartbeat; until then new clients get {@code ready} without an id.
   */
  public Future<Void> start() {
    MessageConsumer<JsonObject> consumer = vertx.eventBus().consumer(ChangeEvents.ADDRESS, m -> order.arrived(m.body()));
    MessageConsumer<JsonObject> rewinds = vertx.eventBus().consumer(ChangeEvents.REWOUND,
        m -> onRewound(m.body().getLong("id")));
    return Future.all(consumer.completion(), rewinds.completion())
        .compose(subscribed -> learnPosition()
            .recover(e -> {
              LOG.warn("Storage did not say where the event stream stands ({}); asking again later", e.getMessage());
              return Future.succeededFuture();
            }))
        .onSuccess(known -> vertx.setPeriodic(heartbeatMs, timer -> heartbeat()));
  }

  private Future<Void> learnPosition() {
    if (buffer.newest() >= 0) {
      return Future.succeededFuture();
    }
    return storage.lastEventId().map(last -> {
      buffer.startAfter(last);
      return null;
    });
  }

  public void mount(RouteTable routes) {
    routes.add(HttpMethod.GET, "/events", this::subscribe);
  }

  /**
   * A client may reconnect here with the id of an event another node (same PostgreSQL store) has
   * already published and this one has not read yet: that id is waited for, up to
   * {@value EventOrder#GAP_WAIT_MS} ms, rather than answered with a {@code reset}.
   */
  void subscribe(RoutingContext ctx) {
    Long lastEventId = SseFrames.parseId(ctx.request().getHeader("Last-Event-ID"));
    if (lastEventId == null || buffer.newest() < 0 || lastEventId <= buffer.newest()) {
      open(ctx, lastEventId);
      return;
    }
    long deadline = System.currentTimeMillis() + EventOrder.GAP_WAIT_MS;
    vertx.setPeriodic(AHEAD_POLL_MS, timer -> {
      if (buffer.newest() >= lastEventId || System.currentTimeMillis() >= deadline || ctx.response().closed()) {
        vertx.cancelTimer(timer);
        if (!ctx.response().closed()) {
          open(ctx, lastEventId);
        }
      }
    });
  }

  private void open(RoutingContext ctx, Long lastEventId) {
    HttpServerResponse response = ctx.response()
        .setChunked(true)
        .putHeader("Content-Type", "text/event-stream; charset=utf-8")
        .putHeader("Cache-Control", "no-cache")
        // Compression would hold events back in the compressor until enough bytes arrive.
        .putHeader("Content-Encoding", "identity");
    if (ctx.request().method() == HttpMethod.HEAD) {
      response.end();
      return;
    }
    long now = buffer.newest();
    boolean inBuffer = lastEventId != null && buffer.canResumeAfter(lastEventId);
    boolean inStore = lastEventId != null && lastEventId < buffer.floor();
    SseClient client = new SseClient(response, String.valueOf(ctx.request().remoteAddress()),
        inBuffer || inStore ? lastEventId : now, inStore);
    clients.add(client);
    response.closeHandler(closed -> clients.remove(client));
    response.drainHandler(drained -> {
      client.drained();
      catchUp(client);
    });
    client.send(SseFrames.RETRY);
    Long known = now < 0 ? null : now;
    if (ctx.request().getHeader("Last-Event-ID") == null) {
      client.send(SseFrames.frame(now, "ready", new JsonObject().put("id", known)));
    } else if (!inBuffer && !inStore) {
      // Only a number is echoed: the header's raw bytes (any text at all) are not ours to repeat.
      client.send(SseFrames.reset(now, lastEventId == null
          ? "Last-Event-ID is not an event id of this stream"
          : "the events after " + lastEventId + " are no longer available"));
    }
    catchUp(client);
  }

  /**
   * The store went back to event {@code id} ({@link ChangeEvents#REWOUND}): what this instance
   * holds after it is no longer the store's history. Starts again after it, and every client is
   * told to reload with a {@code reset}.
   */
  private void onRewound(long id) {
    LOG.warn("The store's change events went back to {}: {} /events clients are told to reload", id, clients.size());
    buffer = new EventBuffer(bufferSize);
    buffer.startAfter(id);
    order.clear();
    Buffer reset = SseFrames.reset(id, "the store went back to an earlier state (restored or failed over)");
    for (SseClient client : List.copyOf(clients)) {
      client.restartAfter(id, reset);
    }
  }

  private void add(JsonObject event) {
    long id = event.getLong("id");
    if (buffer.add(id, SseFrames.frame(event))) {
      List.copyOf(clients).forEach(this::catchUp);
    }
  }

  /** Sends {@code client} what it has not been sent yet: from the store while it replays, else from the buffer. */
  void catchUp(SseClient client) {
    if (client.replaying()) {
      replay.next(client);
    } else if (!client.catchUp(buffer)) {
      drop(client, "events it was not sent yet fell out of the buffer");
    }
  }

  private void heartbeat() {
    if (buffer.newest() < 0) {
      learnPosition();
    }
    for (SseClient client : List.copyOf(clients)) {
      if (!client.beat(SseFrames.HEARTBEAT)) {
        drop(client, "its send queue stayed full for " + heartbeatMs + " ms");
      }
    }
  }

  /**
   * Ends every stream, so a graceful shutdown does not wait its whole grace period for streams
   * that never finish by themselves. Called once the server stopped accepting connections.
   */
  public void endAll() {
    List.copyOf(clients).forEach(SseClient::end);
    clients.clear();
  }

  boolean connected(SseClient client) {
    return clients.contains(client);
  }

  EventBuffer buffer() {
    return buffer;
  }

  void drop(SseClient client, String why) {
    clients.remove(client);
    LOG.info("Dropping the /events client at {}: {}", client.peer(), why);
    client.drop();
  }
}
