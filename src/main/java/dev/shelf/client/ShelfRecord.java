package dev.shelf.client;

import io.vertx.core.json.JsonObject;
import java.time.Instant;

/**
 * What books and movies have in common. A record made by a factory such as {@link Book#of} is a
 * draft: its server fields ({@code id}, timestamps, {@code version}) are null until Shelf stores it.
 */
public sealed interface ShelfRecord permits Book, Movie {

  Long id();

  String title();

  Integer year();

  Instant createdAt();

  Instant updatedAt();

  Integer version();

  /** The fields a client may write, as the JSON body of a create or a replace. */
  JsonObject toJson();

  /** Reads a server timestamp; null stays null (a draft). */
  static Instant instant(JsonObject json, String key) {
    String value = json.getString(key);
    return value == null ? null : Instant.parse(value);
  }
}
