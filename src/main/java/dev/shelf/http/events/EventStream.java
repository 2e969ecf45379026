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
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /events}: every committed change as Server-Sent Events ({@code id:}, {@code event:},
 * {@code data:}). One per HTTP verticle instance, all on that instance's event loop: it subscribes
 * to the storage's change events and keeps the newest in an {@link EventBuffer}.
 *
 * <p>A new client first gets {@code ready} carrying the current id. A client that reconnects with
 * {@code Last-Event-ID} gets the events after it from the buffer; when they are no longer there,
 * or the id is unknown (newer than any here, from another database, not a number), it gets
 * {@code reset}, also carrying the current id, and should reload what it shows. A heartbeat
 * comment every {@code events.heartbeatMs} keeps proxies from closing an idle stream; a client
 * whose write queue stays full from one heartbeat to the next, or that falls behind the buffer,
 * is dropped.
 */
public final class EventStream {

  private static final Logger LOG = LoggerFactory.getLogger(EventStream.class);
  private static final Buffer HEARTBEAT = Buffer.buffer(": heartbeat\n\n");
  /** How long a browser waits before reconnecting after the stream broke. */
  private static final Buffer RETRY = Buffer.buffer("retry: 2000\n\n");
  /** How long an event that arrived before an earlier one waits for it. */
  static final long GAP_WAIT_MS = 1000;
  /** How often a client that is ahead of this node looks whether the node has caught up. */
  private static final long AHEAD_POLL_MS = 20;

  private final Vertx vertx;
  private final int bufferSize;
  private EventBuffer buffer;
  private final long heartbeatMs;
  private final RecordStore storage;
  private final Set<SseClient> clients = new LinkedHashSet<>();
  private final TreeMap<Long, JsonObject> early = new TreeMap<>();
  private long gapTimer = -1;

  public EventStream(Vertx vertx, int bufferSize, long heartbeatMs, RecordStore storage) {
    this.vertx = vertx;
    this.bufferSize = bufferSize;
    this.buffer = new EventBuffer(bufferSize);
    this.heartbeatMs = heartbeatMs;
    this.storage = storage;
  }

  /**
   * Subscribes to the change events, then asks storage where the stream stands. If storage does
   * not answer, the HTTP side starts all the same (its API answers 503 until storage is back) and
   * asks again at each heartbeat; until then new clients get {@code ready} without an id.
   */
  public Future<Void> start() {
    MessageConsumer<JsonObject> consumer = vertx.eventBus().consumer(ChangeEvents.ADDRESS, m -> onEvent(m.body()));
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
   * {@value #GAP_WAIT_MS} ms, rather than answered with a {@code reset}.
   */
  void subscribe(RoutingContext ctx) {
    Long lastEventId = parseId(ctx.request().getHeader("Last-Event-ID"));
    if (lastEventId == null || buffer.newest() < 0 || lastEventId <= buffer.newest()) {
      open(ctx, lastEventId);
      return;
    }
    long deadline = System.currentTimeMillis() + GAP_WAIT_MS;
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
    boolean resumes = lastEventId != null && buffer.canResumeAfter(lastEventId);
    SseClient client = new SseClient(response, String.valueOf(ctx.request().remoteAddress()), resumes ? lastEventId : now);
    clients.add(client);
    response.closeHandler(closed -> clients.remove(client));
    response.drainHandler(drained -> {
      client.drained();
      catchUp(client);
    });
    client.send(RETRY);
    Long known = now < 0 ? null : now;
    if (ctx.request().getHeader("Last-Event-ID") == null) {
      client.send(frame(now, "ready", new JsonObject().put("id", known)));
    } else if (!resumes) {
      // Only a number is echoed: the header's raw bytes (any text at all) are not ours to repeat.
      client.send(frame(now, "reset", new JsonObject().put("id", known).put("reason", lastEventId == null
          ? "Last-Event-ID is not an event id of this stream"
          : "the events after " + lastEventId + " are no longer available")));
    }
    catchUp(client);
  }

  /**
   * Ids have no gaps, but two writers (several storage verticles on one file, or a clustered
   * store) may publish two close commits in the other order. An event that skips an id is held
   * back until the missing one arrives, or for {@value #GAP_WAIT_MS} ms at most.
   */
  private void onEvent(JsonObject event) {
    long id = event.getLong("id");
    long newest = buffer.newest();
    if (newest >= 0 && id > newest + 1) {
      early.put(id, event);
      if (gapTimer < 0) {
        gapTimer = vertx.setTimer(GAP_WAIT_MS, timer -> {
          gapTimer = -1;
          releaseEarly(true);
        });
      }
      return;
    }
    add(event);
    releaseEarly(false);
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
    early.clear();
    Buffer reset = frame(id, "reset", new JsonObject().put("id", id)
        .put("reason", "the store went back to an earlier state (restored or failed over)"));
    for (SseClient client : List.copyOf(clients)) {
      client.restartAfter(id, reset);
    }
  }

  private void releaseEarly(boolean evenAcrossAGap) {
    while (!early.isEmpty() && (evenAcrossAGap || early.firstKey() <= buffer.newest() + 1)) {
      add(early.pollFirstEntry().getValue());
    }
    if (early.isEmpty() && gapTimer >= 0) {
      vertx.cancelTimer(gapTimer);
      gapTimer = -1;
    }
  }

  private void add(JsonObject event) {
    long id = event.getLong("id");
    if (buffer.add(id, frame(id, event.getString("type"), event.getJsonObject("data")))) {
      List.copyOf(clients).forEach(this::catchUp);
    }
  }

  private void catchUp(SseClient client) {
    if (!client.catchUp(buffer)) {
      drop(client, "events it was not sent yet fell out of the buffer");
    }
  }

  private void heartbeat() {
    if (buffer.newest() < 0) {
      learnPosition();
    }
    for (SseClient client : List.copyOf(clients)) {
      if (!client.beat(HEARTBEAT)) {
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

  private void drop(SseClient client, String why) {
    clients.remove(client);
    LOG.info("Dropping the /events client at {}: {}", client.peer(), why);
    client.drop();
  }

  private static Long parseId(String header) {
    return header != null && header.strip().matches("\\d{1,18}") ? Long.valueOf(header.strip()) : null;
  }

  /** An SSE frame; without an id line when the id is not known yet (-1). */
  private static Buffer frame(long id, String type, JsonObject data) {
    return Buffer.buffer((id < 0 ? "" : "id: " + id + "\n") + "event: " + type + "\ndata: " + data.encode() + "\n\n");
  }
}
