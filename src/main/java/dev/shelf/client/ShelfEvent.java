package dev.shelf.client;

import io.vertx.core.json.JsonObject;

/**
 * One event from {@code GET /events}: {@code book.created}, {@code book.updated},
 * {@code book.deleted} (and {@code movie.*}) with the record (or {@code {"id":…}} for deletes);
 * one {@code book.imported} ({@code {"count","firstId","lastId"}}) per import and one
 * {@code book.bulkDeleted} ({@code {"count","title"}}) per delete by title, after which what is
 * shown should be re-read; {@code ready} when the stream starts, and {@code reset} when events were
 * missed and what is shown should be reloaded.
 *
 * @param id the event's number, to resume after it ({@code Last-Event-ID}); null for events without one
 */
public record ShelfEvent(String id, String type, JsonObject data) {

  /** Whether what a client shows should be re-read: after {@code reset} and after a bulk change. */
  public boolean asksToReload() {
    return type.equals("reset") || type.endsWith(".imported") || type.endsWith(".bulkDeleted");
  }
}
