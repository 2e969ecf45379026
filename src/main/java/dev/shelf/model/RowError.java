package dev.shelf.model;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/** Why one row of an import was refused; {@code row} counts data rows from 1 (a CSV header is not a row). */
public record RowError(int row, List<FieldError> errors) {

  public JsonObject toJson() {
    return new JsonObject().put("row", row)
        .put("errors", new JsonArray(errors.stream().map(FieldError::toJson).toList()));
  }
}
