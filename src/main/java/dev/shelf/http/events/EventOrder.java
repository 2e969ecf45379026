package dev.shelf.http.events;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Puts change events back in id order for one {@link EventStream}. Ids have no gaps, but two
 * writers (several storage verticles on one file, or a clustered store) may publish two close
 * commits in the other order. An event that skips an id is held back until the missing one
 * arrives, or for {@value #GAP_WAIT_MS} ms at most.
 */
final class EventOrder {

  /** How long an event that arrived before an earlier one waits for it. */
  static final long GAP_WAIT_MS = 1000;

  private final Vertx vertx;
  private final LongSupplier newest;
  private final Consumer<JsonObject> deliver;
  private final TreeMap<Long, JsonObject> early = new TreeMap<>();
  private long gapTimer = -1;

  /** {@code newest}: the id of the newest event delivered, -1 while unknown. */
  EventOrder(Vertx vertx, LongSupplier newest, Consumer<JsonObject> deliver) {
    this.vertx = vertx;
    this.newest = newest;
    this.deliver = deliver;
  }

  void arrived(JsonObject event) {
    long id = event.getLong("id");
    long last = newest.getAsLong();
    if (last >= 0 && id > last + 1) {
      early.put(id, event);
      if (gapTimer < 0) {
        gapTimer = vertx.setTimer(GAP_WAIT_MS, timer -> {
          gapTimer = -1;
          release(true);
        });
      }
      return;
    }
    deliver.accept(event);
    release(false);
  }

  /** Forgets the events held back (the stream starts again elsewhere). */
  void clear() {
    early.clear();
  }

  private void release(boolean evenAcrossAGap) {
    while (!early.isEmpty() && (evenAcrossAGap || early.firstKey() <= newest.getAsLong() + 1)) {
      deliver.accept(early.pollFirstEntry().getValue());
    }
    if (early.isEmpty() && gapTimer >= 0) {
      vertx.cancelTimer(gapTimer);
      gapTimer = -1;
    }
  }
}
