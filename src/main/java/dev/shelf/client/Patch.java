package dev.shelf.client;

import io.vertx.core.json.JsonObject;

/**
 * The fields a PATCH changes; every other field keeps its value. {@code set("year", null)} clears
 * the year, which is different from leaving it out. Immutable; {@link #set} returns a changed copy.
 *
 * <pre>{@code Patch.set("title", "Dune (1965)").and("year", null)}</pre>
 */
public record Patch(JsonObject fields) {

  public Patch {
    fields = fields.copy();
  }

  /** A patch that changes one field. */
  public static Patch set(String field, Object value) {
    return new Patch(new JsonObject().put(field, value));
  }

  /** This patch, also changing {@code field}. */
  public Patch and(String field, Object value) {
    return new Patch(fields.copy().put(field, value));
  }

  @Override
  public JsonObject fields() {
    return fields.copy();
  }
}
