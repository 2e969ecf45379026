package dev.shelf.http.events;

import io.vertx.core.buffer.Buffer;

/**
 * The newest change events, kept as ready-to-send frames so a client that reconnects can be given
 * what it missed. Holds at most {@code capacity} events; the oldest fall out as new ones arrive.
 * Event ids only grow; one that is not newer than the newest (a duplicate) is ignored.
 */
final class EventBuffer {

  /** One event: its id and its encoded frame, shared by every client that is sent it. */
  record Entry(long id, Buffer frame) {
  }

  private final Entry[] ring;
  private int start;
  private int size;
  private long floor = -1;
  private long newest = -1;

  EventBuffer(int capacity) {
    this.ring = new Entry[capacity];
  }

  /** Sets where the stream stood when this buffer started, unless events arrived before. */
  void startAfter(long last) {
    if (newest < 0) {
      floor = last;
      newest = last;
    }
  }

  /** Adds the newest event; false if it is not newer than the newest held (nothing changes). */
  boolean add(long id, Buffer frame) {
    if (newest >= 0 && id <= newest) {
      return false;
    }
    if (floor < 0) {
      floor = id - 1;
    }
    if (size == ring.length) {
      floor = ring[start].id();
      ring[start] = null;
      start = (start + 1) % ring.length;
      size--;
    }
    ring[(start + size) % ring.length] = new Entry(id, frame);
    size++;
    newest = id;
    return true;
  }

  /** The id of the newest event, -1 before the buffer knows where the stream stands. */
  long newest() {
    return newest;
  }

  /** The newest id whose successors are all still held: a client at or past it can catch up. */
  long floor() {
    return floor;
  }

  /** Whether a client that has seen every event up to {@code id} can be given the rest from here. */
  boolean canResumeAfter(long id) {
    return floor >= 0 && id >= floor && id <= newest;
  }

  /** The oldest held event with an id above {@code id}, or null when there is none. */
  Entry after(long id) {
    int low = 0;
    int high = size;
    while (low < high) {
      int mid = (low + high) >>> 1;
      if (at(mid).id() <= id) {
        low = mid + 1;
      } else {
        high = mid;
      }
    }
    return low < size ? at(low) : null;
  }

  private Entry at(int index) {
    return ring[(start + index) % ring.length];
  }
}
