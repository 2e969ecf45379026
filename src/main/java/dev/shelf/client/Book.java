package dev.shelf.client;

import io.vertx.core.json.JsonObject;
import java.time.Instant;

/** A book as Shelf stores it; {@link #of} makes a draft to create or to replace another with. */
public record Book(Long id, String title, String author, Integer year, Instant createdAt, Instant updatedAt,
    Integer version) implements ShelfRecord {

  /** A draft: only the fields a client writes; {@code year} may be null. */
  public static Book of(String title, String author, Integer year) {
    return new Book(null, title, author, year, null, null, null);
  }

  static Book fromJson(JsonObject json) {
    return new Book(json.getLong("id"), json.getString("title"), json.getString("author"), json.getInteger("year"),
        ShelfRecord.instant(json, "createdAt"), ShelfRecord.instant(json, "updatedAt"), json.getInteger("version"));
  }

  @Override
  public JsonObject toJson() {
    return new JsonObject().put("title", title).put("author", author).put("year", year);
  }
}
