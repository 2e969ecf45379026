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
  private final StringBuilder pending = new StringBuilder();
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
    pending.append(chunk.toString(StandardCharsets.UTF_8));
    int newline;
    while ((newline = pending.indexOf("\n")) >= 0) {
      String line = pending.substring(0, newline);
      pending.delete(0, newline + 1);
      line(line.endsWith("\r") ? line.substring(0, line.length() - 1) : line);
    }
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

  private void dispatch() {
    if (type != null || data.length() > 0) {
      if (id != null) {
        lastEventId = id;
      }
      handler.handle(new ShelfEvent(id, type == null ? "message" : type, parse(data.toString())));
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
