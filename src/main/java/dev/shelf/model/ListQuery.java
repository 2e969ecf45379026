package dev.shelf.model;

import io.vertx.core.json.JsonObject;

/**
 * One page request: filters, order, size and the position after which the page starts. It crosses
 * the event bus as JSON, so any storage implementation can serve it.
 *
 * @param filters exact-match filters by field name (title, author/director, year)
 * @param q substring of the title or the credit field, compared by {@link TextKey} (case-insensitive for all of Unicode), or null
 * @param after the sort key ({@code value}, {@code id}) of the last row of the previous page, or null
 */
public record ListQuery(int limit, Sort sort, boolean descending, JsonObject filters, String q, JsonObject after) {

  public static final int DEFAULT_LIMIT = 50;
  public static final int MAX_LIMIT = 500;

  public JsonObject toJson() {
    return new JsonObject()
        .put("limit", limit)
        .put("sort", sort.name())
        .put("descending", descending)
        .put("filters", filters)
        .put("q", q)
        .put("after", after);
  }

  public static ListQuery fromJson(JsonObject json) {
    return new ListQuery(json.getInteger("limit"), Sort.valueOf(json.getString("sort")),
        json.getBoolean("descending"), json.getJsonObject("filters"), json.getString("q"),
        json.getJsonObject("after"));
  }

  /**
   * The sort key of a record: where the next page starts when this record ends a page. A title
   * sort pages on the title's {@link TextKey}, the value its index holds.
   */
  public JsonObject keyOf(JsonObject record) {
    Object value = sort == Sort.TITLE ? TextKey.of(record.getString("title")) : record.getValue(sort.apiName());
    return new JsonObject().put("value", value).put("id", record.getLong("id"));
  }
}
