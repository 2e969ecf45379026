package dev.shelf.client;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What to list: exact filters, a search, an order and a page size. Immutable; each method returns
 * a changed copy, so one query can be the base of several. Anything left unset is the server's
 * default (50 per page, by id). The server checks the values and answers 400 for a bad one.
 *
 * <pre>{@code Query.all().where("author", "Ursula K. Le Guin").sortBy("year").limit(20)}</pre>
 */
public record Query(Map<String, String> filters, String contains, String search, String sort, Integer limit) {

  public Query {
    filters = Map.copyOf(filters);
  }

  /** Every record, in the server's default order and page size. */
  public static Query all() {
    return new Query(Map.of(), null, null, null, null);
  }

  /** Only records whose {@code field} (title, author or director, year) is exactly {@code value}. */
  public Query where(String field, Object value) {
    Map<String, String> more = new LinkedHashMap<>(filters);
    more.put(field, String.valueOf(value));
    return new Query(more, contains, search, sort, limit);
  }

  /** Only records whose title or author/director contains {@code text}, ignoring case ({@code q}). */
  public Query contains(String text) {
    return new Query(filters, text, search, sort, limit);
  }

  /**
   * Full-text search ({@code search}): records whose title or author/director has every word of
   * {@code text}, case and accents ignored, the last word as a prefix; best match first unless a
   * sort is set. Punctuation only separates words; a text with no word is refused (400).
   */
  public Query search(String text) {
    return new Query(filters, contains, text, sort, limit);
  }

  /** Ascending by {@code field}: id, title, year, createdAt, or relevance with a search. */
  public Query sortBy(String field) {
    return new Query(filters, contains, search, field, limit);
  }

  /** Descending by {@code field}: id, title, year or createdAt. */
  public Query sortByDescending(String field) {
    return new Query(filters, contains, search, "-" + field, limit);
  }

  /** At most {@code size} records a page (1 to 500). */
  public Query limit(int size) {
    return new Query(filters, contains, search, sort, size);
  }

  /** The query string parameters, in a stable order. */
  Map<String, String> params() {
    Map<String, String> params = new LinkedHashMap<>(filters);
    if (contains != null) {
      params.put("q", contains);
    }
    if (search != null) {
      params.put("search", search);
    }
    if (sort != null) {
      params.put("sort", sort);
    }
    if (limit != null) {
      params.put("limit", String.valueOf(limit));
    }
    return params;
  }
}
