package dev.shelf.model;

import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns a client's JSON object into the field values to store, or a {@link ValidationException}
 * naming every bad field. Server fields a client may echo back from a GET (id, timestamps,
 * version) are accepted and ignored; any other unknown field is an error, so typos are not lost
 * silently.
 */
public final class RecordInput {

  /** Fields the server owns; present in every response, never taken from a request. */
  public static final Set<String> SERVER_FIELDS = Set.of("id", "createdAt", "updatedAt", "version");

  public enum Mode {
    /** POST and PUT: every required field must be present. */
    FULL,
    /** PATCH: only the fields present change. */
    PARTIAL
  }

  private RecordInput() {
  }

  public static JsonObject validate(Resource resource, JsonObject body, Mode mode) {
    List<FieldError> errors = new ArrayList<>();
    JsonObject values = new JsonObject();
    for (Map.Entry<String, Object> entry : body) {
      String name = entry.getKey();
      if (resource.field(name).isEmpty() && !SERVER_FIELDS.contains(name)) {
        errors.add(new FieldError(name, "is not a field of a " + resource.singular()));
      }
    }
    for (Field field : resource.fields()) {
      boolean present = body.containsKey(field.name());
      if (!present && mode == Mode.PARTIAL) {
        continue;
      }
      Object value = body.getValue(field.name());
      String problem = field.problemWith(value);
      if (problem != null) {
        errors.add(new FieldError(field.name(), problem));
      } else {
        values.put(field.name(), value);
      }
    }
    if (!errors.isEmpty()) {
      throw new ValidationException(errors);
    }
    return values;
  }
}
