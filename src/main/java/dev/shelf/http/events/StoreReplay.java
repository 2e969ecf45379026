package dev.shelf.http.events;

import dev.shelf.storage.RecordStore;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * A client resuming after an id older than the buffer gets what it missed from the store (its
 * events table), a page at a time as its write queue takes them, until it reaches the buffer.
 * When the store no longer holds them (pruned, or a store that keeps no history) it gets a
 * {@code reset} instead, as it would have before it was sent anything.
 */
final class StoreReplay {

  /** How many missed events a resuming client is given from the store at a time. */
  private static final int PAGE = 500;

  private final RecordStore storage;
  private final EventStream stream;

  StoreReplay(RecordStore storage, EventStream stream) {
    this.storage = storage;
    this.stream = stream;
  }

  /** Sends {@code client} its next page of missed events, unless one is on its way or it cannot take more. */
  void next(SseClient client) {
    if (client.fetching() || client.writeQueueFull() || !stream.connected(client)) {
      return;
    }
    long after = client.cursor();
    EventBuffer buffer = stream.buffer();
    if (after >= buffer.floor()) {
      client.replayed();
      stream.catchUp(client);
      return;
    }
    client.fetching(true);
    storage.eventsAfter(after, PAGE).onComplete(read -> {
      client.fetching(false);
      if (!stream.connected(client) || client.cursor() != after) {
        // Gone, or moved on meanwhile (the store went back): this answer is stale.
        stream.catchUp(client);
        return;
      }
      if (read.failed()) {
        stream.drop(client, "the store did not give the events it missed (" + read.cause().getMessage() + ")");
        return;
      }
      List<JsonObject> events = read.result();
      long newest = stream.buffer().newest();
      if (events.isEmpty() || events.get(0).getLong("id") != after + 1) {
        client.replayed();
        client.restartAfter(newest, SseFrames.reset(newest, "the events after " + after + " are no longer available"));
      } else {
        for (JsonObject event : events) {
          client.sendReplayed(event.getLong("id"), SseFrames.frame(event));
        }
      }
      stream.catchUp(client);
    });
  }
}
