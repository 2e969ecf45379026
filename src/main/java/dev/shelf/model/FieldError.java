package dev.shelf.model;

import io.vertx.core.json.JsonObject;

/** One reason a field was refused, as it appears in the problem+json {@code errors} array. */
public record FieldError(String field, String message) {

  public JsonObject toJson() {
    return new JsonObject().put("field", field).put("message", message);
  }
}
