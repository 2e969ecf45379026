package dev.shelf.http;

import dev.shelf.model.FieldError;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;

/**
 * One problem as {@link Problems} answers it: status, detail, field errors, extension members
 * (may be null) and the headers that go with it (an ETag, Retry-After). A value, so a batch can
 * embed the problem of the operation that failed.
 */
public record Problem(int status, String detail, List<FieldError> errors, JsonObject extensions, Map<String, String> headers) {

  public static Problem of(int status, String detail) {
    return new Problem(status, detail, List.of(), null, Map.of());
  }

  /** The problem+json body, as a single call would have answered it. */
  public JsonObject body() {
    return Problems.body(status, detail, errors, extensions);
  }
}
