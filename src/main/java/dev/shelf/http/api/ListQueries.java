package dev.shelf.http.api;

import dev.shelf.http.ProblemException;
import dev.shelf.model.Cursor;
import dev.shelf.model.Field;
import dev.shelf.model.ListQuery;
import dev.shelf.model.Resource;
import dev.shelf.model.SearchTerms;
import dev.shelf.model.Sort;
import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** Reads {@code GET /books}'s query string into a {@link ListQuery}; every bad value is a 400. */
final class ListQueries {

  private static final Pattern SMALL_NUMBER = Pattern.compile("\\d{1,4}");

  private final Resource resource;
  private final List<String> known = new ArrayList<>(List.of("limit", "cursor", "sort", "q", "search", "format"));

  ListQueries(Resource resource) {
    this.resource = resource;
    resource.fields().forEach(f -> known.add(f.name()));
  }

  ListQuery parse(MultiMap params) {
    for (String name : params.names()) {
      if (!known.contains(name)) {
        throw ProblemException.badRequest("unknown query parameter '" + name + "'; known: " + String.join(", ", known));
      }
      if (params.getAll(name).size() > 1) {
        throw ProblemException.badRequest("query parameter '" + name + "' is given more than once");
      }
    }
    String format = params.get("format");
    if (format != null && !format.equals("json") && !format.equals("csv")) {
      throw ProblemException.badRequest("format must be json or csv (got '" + format + "')");
    }
    int limit = limit(params.get("limit"));
    String search = search(params.get("search"));
    String sortParam = params.get("sort") != null ? params.get("sort") : search != null ? "relevance" : "id";
    boolean descending = sortParam.startsWith("-");
    Sort sort = Sort.fromApiName(descending ? sortParam.substring(1) : sortParam).orElseThrow(() ->
        ProblemException.badRequest("unknown sort '" + sortParam
            + "'; use id, title, year, createdAt or (with search) relevance, with - for descending"));
    if (sort == Sort.RELEVANCE && search == null) {
      throw ProblemException.badRequest("sort=relevance needs a search parameter");
    }
    JsonObject filters = new JsonObject();
    for (Field field : resource.fields()) {
      String value = params.get(field.name());
      if (value != null) {
        filters.put(field.name(), field.kind() == Field.Kind.YEAR ? year(value) : value);
      }
    }
    String q = params.get("q") == null || params.get("q").isEmpty() ? null : params.get("q");
    ListQuery query = new ListQuery(limit, sort, descending, filters, q, search, null);
    String cursor = params.get("cursor");
    return cursor == null ? query : query.after(after(query, cursor));
  }

  /** The search text, or null without one; 400 when it has no word to look for, or too many. */
  private static String search(String value) {
    if (value == null) {
      return null;
    }
    if (value.length() > SearchTerms.MAX_LENGTH) {
      throw ProblemException.badRequest("search must be at most " + SearchTerms.MAX_LENGTH + " characters");
    }
    int words = SearchTerms.words(value).size();
    if (words == 0) {
      throw ProblemException.badRequest("search must contain at least one word (letters or digits); got '" + value + "'");
    }
    if (words > SearchTerms.MAX_WORDS) {
      throw ProblemException.badRequest("search may have at most " + SearchTerms.MAX_WORDS + " words (got " + words + ")");
    }
    return value;
  }

  /**
   * Identifies the collection, order, filters and search a cursor belongs to; the limit may change
   * between pages. The collection is part of it because a books cursor would otherwise decode on /movies
   * and silently start a page at an unrelated id.
   */
  String fingerprint(ListQuery query) {
    return resource.name() + "|" + query.sort().name() + "|" + query.descending() + "|" + query.filters().encode()
        + "|" + query.q() + "|" + query.search();
  }

  private JsonObject after(ListQuery query, String token) {
    JsonObject key = Cursor.decode(token, fingerprint(query)).orElseThrow(() ->
        ProblemException.badRequest("the cursor is invalid or belongs to another query; start again without it"));
    Object value = key.getValue("value");
    boolean valueFits = switch (query.sort()) {
      case ID -> value instanceof Number;
      case TITLE, CREATED_AT -> value instanceof String;
      case YEAR -> value == null || value instanceof Integer;
      case RELEVANCE -> value instanceof Number;
    };
    if (!valueFits || !(key.getValue("id") instanceof Number)) {
      throw ProblemException.badRequest("the cursor is invalid; start again without it");
    }
    return key;
  }

  private static int limit(String value) {
    if (value == null) {
      return ListQuery.DEFAULT_LIMIT;
    }
    if (!SMALL_NUMBER.matcher(value).matches() || Integer.parseInt(value) < 1 || Integer.parseInt(value) > ListQuery.MAX_LIMIT) {
      throw ProblemException.badRequest("limit must be an integer from 1 to " + ListQuery.MAX_LIMIT + " (got '" + value + "')");
    }
    return Integer.parseInt(value);
  }

  private static int year(String value) {
    if (!SMALL_NUMBER.matcher(value).matches() || Integer.parseInt(value) > Field.YEAR_MAX) {
      throw ProblemException.badRequest("year must be an integer from " + Field.YEAR_MIN + " to " + Field.YEAR_MAX
          + " (got '" + value + "')");
    }
    return Integer.parseInt(value);
  }
}
