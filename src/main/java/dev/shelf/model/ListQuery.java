package dev.shelf.model;

import io.vertx.core.json.JsonObject;

/**
 * One page request: filters, order, size and the position after which the page starts. It crosses
 * the event bus as JSON, so any storage implementation can serve it.
 *
 * @param filters exact-match filters by field name (title, author/director, year)
 * @param q substring of the title or the credit field, compared by {@link TextKey} (case-insensitive for all of Unicode), or null
 * @param search full-text search: every one of its {@link SearchTerms#words words} must occur in
 *     the title or credit, the last as a prefix, case and diacritics ignored; or null
 * @param after the sort key ({@code value}, {@code id}) of the last row of the previous page, or
 *     null; for {@link Sort#RELEVANCE} the value is the row's rank as the store computed it
 */
public record ListQuery(int limit, Sort sort, boolean descending, JsonObject filters, String q, String search,
    JsonObject after) {

  public static final int DEFAULT_LIMIT = 50;
  public static final int MAX_LIMIT = 500;

  /** A query without a full-text search. */
  public ListQuery(int limit, Sort sort, boolean descending, JsonObject filters, String q, JsonObject after) {
    this(limit, sort, descending, filters, q, null, after);
  }

  /** The same query, starting after {@code key}. */
  public ListQuery after(JsonObject key) {
    return new ListQuery(limit, sort, descending, filters, q, search, key);
  }

  /** The same query with pages of {@code size}. */
  public ListQuery limit(int size) {
    return new ListQuery(size, sort, descending, filters, q, search, after);
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("limit", limit)
        .put("sort", sort.name())
        .put("descending", descending)
        .put("filters", filters)
        .put("q", q)
        .put("search", search)
        .put("after", after);
  }

  public static ListQuery fromJson(JsonObject json) {
    return new ListQuery(json.getInteger("limit"), Sort.valueOf(json.getString("sort")),
        json.getBoolean("descending"), json.getJsonObject("filters"), json.getString("q"),
        json.getString("search"), json.getJsonObject("after"));
  }

  /**
   * The sort key of a record: where the next page starts when this record ends a page. A title
   * sort pages on the title's {@link TextKey}, the value its index holds. Not for
   * {@link Sort#RELEVANCE}: a rank is not part of the record; the store answers it with the page.
   */
  public JsonObject keyOf(JsonObject record) {
    if (sort == Sort.RELEVANCE) {
      throw new IllegalStateException("a relevance key comes from the store's page, not from a record");
    }
    Object value = sort == Sort.TITLE ? TextKey.of(record.getString("title")) : record.getValue(sort.apiName());
    return new JsonObject().put("value", value).put("id", record.getLong("id"));
  }
}
