package dev.shelf.http.events;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;

/** The bytes of the event stream: events, resets, heartbeats, the retry hint. */
final class SseFrames {

  static final Buffer HEARTBEAT = Buffer.buffer(": heartbeat\n\n");
  /** How long a browser waits before reconnecting after the stream broke. */
  static final Buffer RETRY = Buffer.buffer("retry: 2000\n\n");

  private SseFrames() {
  }

  /** An SSE frame; without an id line when the id is not known yet (-1). */
  static Buffer frame(long id, String type, JsonObject data) {
    return Buffer.buffer((id < 0 ? "" : "id: " + id + "\n") + "event: " + type + "\ndata: " + data.encode() + "\n\n");
  }

  /** An event as the store and the bus carry it ({@code id}, {@code type}, {@code data}). */
  static Buffer frame(JsonObject event) {
    return frame(event.getLong("id"), event.getString("type"), event.getJsonObject("data"));
  }

  /** A {@code reset}: the client reloads what it shows, then goes on after {@code now}. */
  static Buffer reset(long now, String reason) {
    return frame(now, "reset", new JsonObject().put("id", now < 0 ? null : now).put("reason", reason));
  }

  /** A {@code Last-Event-ID} that is an event id, or null. */
  static Long parseId(String header) {
    return header != null && header.strip().matches("\\d{1,18}") ? Long.valueOf(header.strip()) : null;
  }
}
