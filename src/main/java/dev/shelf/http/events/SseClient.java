package dev.shelf.http.events;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;

/**
 * One open {@code GET /events} response and how far it has got. Events are not queued per client:
 * the client pulls frames from the shared {@link EventBuffer} while its write queue has room, so a
 * client that does not read costs at most one write queue, and is dropped when it stays full.
 */
final class SseClient {

  private final HttpServerResponse response;
  private final String peer;
  private long cursor;
  private boolean fullSinceLastBeat;
  private boolean dropped;
  private boolean replaying;
  private boolean fetching;

  /** {@code replaying}: it resumes after {@code cursor}, older than the buffer, from the store first. */
  SseClient(HttpServerResponse response, String peer, long cursor, boolean replaying) {
    this.response = response;
    this.peer = peer;
    this.cursor = cursor;
    this.replaying = replaying;
  }

  /** The id of the last event it was sent (or resumes after). */
  long cursor() {
    return cursor;
  }

  /** Whether it is still being sent what it missed from the store, before the buffer. */
  boolean replaying() {
    return replaying;
  }

  /** It reached the buffer (or was reset): from now on it is sent from there. */
  void replayed() {
    replaying = false;
  }

  /** Whether a page of missed events is being read from the store for it. */
  boolean fetching() {
    return fetching;
  }

  void fetching(boolean fetching) {
    this.fetching = fetching;
  }

  boolean writeQueueFull() {
    return response.writeQueueFull();
  }

  /** Sends one missed event read from the store. */
  void sendReplayed(long id, Buffer frame) {
    if (!dropped && id > cursor) {
      response.write(frame);
      cursor = id;
    }
  }

  /** The client's address, for the log. */
  String peer() {
    return peer;
  }

  /** Writes a frame that is not an event from the buffer (ready, reset). */
  void send(Buffer frame) {
    response.write(frame);
  }

  /**
   * Sends the buffered events after the last one sent, as far as the write queue takes them.
   * False when events it has not been sent already fell out of the buffer: it cannot catch up.
   */
  boolean catchUp(EventBuffer buffer) {
    if (dropped) {
      return true;
    }
    if (cursor < 0) {
      // Connected before this instance knew where the stream stood: it starts with what comes next.
      if (buffer.floor() < 0) {
        return true;
      }
      cursor = buffer.floor();
    }
    if (cursor < buffer.floor()) {
      return false;
    }
    EventBuffer.Entry next;
    while (!response.writeQueueFull() && (next = buffer.after(cursor)) != null) {
      response.write(next.frame());
      cursor = next.id();
    }
    return true;
  }

  /**
   * The stream started again after {@code id} (the store went back): sends {@code reset} and goes on
   * from there. Written even on a full queue: a client that stopped reading is dropped at a heartbeat.
   */
  void restartAfter(long id, Buffer reset) {
    if (!dropped) {
      cursor = id;
      response.write(reset);
    }
  }

  /** The write queue drained: the client reads again. */
  void drained() {
    fullSinceLastBeat = false;
  }

  /**
   * Sends a heartbeat. False when the write queue has stayed full since the previous heartbeat:
   * the client is not reading and should be dropped.
   */
  boolean beat(Buffer heartbeat) {
    if (!response.writeQueueFull()) {
      fullSinceLastBeat = false;
      response.write(heartbeat);
      return true;
    }
    boolean stuck = fullSinceLastBeat;
    fullSinceLastBeat = true;
    return !stuck;
  }

  /** Ends the stream cleanly (the server is shutting down); the browser reconnects later. */
  void end() {
    dropped = true;
    if (!response.ended() && !response.closed()) {
      response.end();
    }
  }

  /** Closes the connection, discarding whatever is still queued for it. */
  void drop() {
    dropped = true;
    response.reset();
  }
}
