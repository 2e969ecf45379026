package dev.shelf.client;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;

/**
 * An open {@code GET /events} stream. Parses Server-Sent Events as they arrive (comments such as
 * heartbeats are skipped) and hands each to the handler; {@link #lastEventId()} is where to resume
 * after a disconnect.
 */
public final class EventSubscription {

  private final HttpClientResponse response;
  private final Handler<ShelfEvent> handler;
  /** Bytes of an unfinished line: decoded only once whole, so a character split across chunks survives. */
  private Buffer pending = Buffer.buffer();
  private volatile String lastEventId;
  private String id;
  private String type;
  private final StringBuilder data = new StringBuilder();

  EventSubscription(HttpClientResponse response, Handler<ShelfEvent> handler, String lastEventId) {
    this.response = response;
    this.handler = handler;
    this.lastEventId = lastEventId;
    response.handler(this::feed);
  }

  /** The id of the last event received, or the one the subscription resumed after. */
  public String lastEventId() {
    return lastEventId;
  }

  /** Completes when the server ends the stream (or the connection breaks). */
  public Future<Void> ended() {
    return response.end();
  }

  /** Closes the stream. */
  public Future<Void> close() {
    return response.request().connection().close();
  }

  private void feed(Buffer chunk) {
    pending.appendBuffer(chunk);
    int start = 0;
    for (int i = 0; i < pending.length(); i++) {
      if (pending.getByte(i) == '\n') {
        String line = pending.getString(start, i, StandardCharsets.UTF_8.name());
        line(line.endsWith("\r") ? line.substring(0, line.length() - 1) : line);
        start = i + 1;
      }
    }
    pending = pending.getBuffer(start, pending.length());
  }

  private void line(String line) {
    if (line.isEmpty()) {
      dispatch();
    } else if (!line.startsWith(":")) {
      int colon = line.indexOf(':');
      String field = colon < 0 ? line : line.substring(0, colon);
      String value = colon < 0 ? "" : line.substring(colon + 1).replaceFirst("^ ", "");
      switch (field) {
        case "id" -> id = value;
        case "event" -> type = value;
        case "data" -> data.append(data.length() == 0 ? "" : "\n").append(value);
        default -> {
          // "retry" and unknown fields do not concern the client
        }
      }
    }
  }

  /** Ends an event at a blank line. As in the SSE spec, the last id seen carries over to later events. */
  private void dispatch() {
    if (id != null) {
      lastEventId = id;
    }
    if (type != null || data.length() > 0) {
      handler.handle(new ShelfEvent(lastEventId, type == null ? "message" : type, parse(data.toString())));
    }
    id = null;
    type = null;
    data.setLength(0);
  }

  private static JsonObject parse(String text) {
    if (text.isEmpty()) {
      return new JsonObject();
    }
    try {
      return new JsonObject(text);
    } catch (DecodeException e) {
      return new JsonObject().put("text", text);
    }
  }
}
