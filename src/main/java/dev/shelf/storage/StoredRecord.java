package dev.shelf.storage;

import io.vertx.core.json.JsonObject;

/**
 * A record as the store holds it: {@code id}, the resource's fields, {@code createdAt},
 * {@code updatedAt} and {@code version}, exactly the JSON the API answers.
 */
public record StoredRecord(JsonObject json) {

  public long id() {
    return json.getLong("id");
  }

  public long version() {
    return json.getLong("version");
  }
}
