package dev.shelf.client;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * Shelf refused a call: its RFC 9457 problem+json answer, typed. {@link #errors()} lists the
 * fields a 422 named, so a form can show each message beside its field. An error answer that is
 * not problem+json (from a proxy, say) is reported the same way, with its status and reason.
 */
public final class ShelfProblemException extends RuntimeException {

  /** One refused field of a 422, as the server named it. */
  public record FieldError(String field, String message) {

    /** As a person reads it: {@code author is required}. */
    @Override
    public String toString() {
      return field + " " + message;
    }
  }

  private final int status;
  private final String type;
  private final String title;
  private final String detail;
  private final transient List<FieldError> errors;

  public ShelfProblemException(int status, String type, String title, String detail, List<FieldError> errors) {
    super(message(status, title, detail, errors), null, false, false);
    this.status = status;
    this.type = type;
    this.title = title;
    this.detail = detail;
    this.errors = List.copyOf(errors);
  }

  private static String message(int status, String title, String detail, List<FieldError> errors) {
    StringBuilder message = new StringBuilder().append(status).append(' ').append(title);
    if (detail != null) {
      message.append(": ").append(detail);
    }
    if (!errors.isEmpty()) {
      message.append(" (").append(String.join("; ", errors.stream().map(FieldError::toString).toList())).append(')');
    }
    return message.toString();
  }

  /** Reads a problem+json body; members that are missing or of the wrong type become defaults. */
  static ShelfProblemException fromProblem(int status, String reason, JsonObject problem) {
    List<FieldError> errors = new ArrayList<>();
    if (problem.getValue("errors") instanceof JsonArray list) {
      for (Object item : list) {
        if (item instanceof JsonObject error) {
          errors.add(new FieldError(text(error, "field", ""), text(error, "message", "")));
        }
      }
    }
    return new ShelfProblemException(status, text(problem, "type", "about:blank"), text(problem, "title", reason),
        text(problem, "detail", null), errors);
  }

  private static String text(JsonObject json, String key, String fallback) {
    return json.getValue(key) instanceof String s ? s : fallback;
  }

  /** The HTTP status, such as 404, 412 or 422. */
  public int status() {
    return status;
  }

  /** The problem type URI; {@code about:blank} when the status says it all. */
  public String type() {
    return type;
  }

  /** The short summary of the status, such as "Unprocessable Entity". */
  public String title() {
    return title;
  }

  /** What went wrong with this call in particular, or null. */
  public String detail() {
    return detail;
  }

  /** The refused fields (empty unless the server named some). */
  public List<FieldError> errors() {
    return errors;
  }
}
