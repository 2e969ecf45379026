package dev.shelf.storage;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;

/**
 * A record as the store holds it: {@code id}, the resource's fields, {@code createdAt},
 * {@code updatedAt} and {@code version}, exactly the JSON the API answers, and that JSON already
 * encoded ({@code body}). A store makes records on its own threads, so the encoding happens there
 * and the event loop only writes the bytes: JSON encoding was ~10% of the event loops' time under
 * a GET load. {@code json} must not be changed after the record is made.
 */
public record StoredRecord(JsonObject json, Buffer body) {

  /**
   * Encodes {@code json} now, on the calling (store) thread. Through a String, as the API always
   * did: Jackson's byte encoder ({@code toBuffer}) would write a character outside the BMP, an
   * emoji say, as an escaped surrogate pair instead of its UTF-8 bytes.
   */
  public StoredRecord(JsonObject json) {
    this(json, Buffer.buffer(json.encode()));
  }

  public long id() {
    return json.getLong("id");
  }

  public long version() {
    return json.getLong("version");
  }
}
