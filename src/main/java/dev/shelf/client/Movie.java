package dev.shelf.client;

import io.vertx.core.json.JsonObject;
import java.time.Instant;

/** A movie as Shelf stores it; {@link #of} makes a draft to create or to replace another with. */
public record Movie(Long id, String title, String director, Integer year, Instant createdAt, Instant updatedAt,
    Integer version) implements ShelfRecord {

  /** A draft: only the fields a client writes; {@code year} may be null. */
  public static Movie of(String title, String director, Integer year) {
    return new Movie(null, title, director, year, null, null, null);
  }

  static Movie fromJson(JsonObject json) {
    return new Movie(json.getLong("id"), json.getString("title"), json.getString("director"),
        json.getInteger("year"), ShelfRecord.instant(json, "createdAt"), ShelfRecord.instant(json, "updatedAt"),
        json.getInteger("version"));
  }

  @Override
  public JsonObject toJson() {
    return new JsonObject().put("title", title).put("director", director).put("year", year);
  }
}
