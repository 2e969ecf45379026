package dev.shelf.storage;

import io.vertx.core.json.JsonObject;

/** Where a backup was written and how big it is. */
public record BackupCopy(String path, long size) {

  public JsonObject toJson() {
    return new JsonObject().put("path", path).put("size", size);
  }
}
