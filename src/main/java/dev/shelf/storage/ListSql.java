package dev.shelf.storage;

import dev.shelf.model.Field;
import dev.shelf.model.ListQuery;
import dev.shelf.model.Resource;
import dev.shelf.model.SearchTerms;
import dev.shelf.model.Sort;
import dev.shelf.model.TextKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The SELECT for one page. Keyset pagination: the page starts after the previous page's last
 * {@code (sort key, id)}, and every sort has an index on exactly that pair, so a page costs the
 * same on page 1 and page 10,000. Years sort as {@code COALESCE(year, -1)} so null years have a
 * place in the order; titles sort by their {@link TextKey} (Unicode case fold, code point order).
 * A search joins the ids its {@link SearchIndex} matches; its relevance order is bm25's rank (lower
 * is better), which the index computes for every match, so that order costs what the matches cost.
 * With a rank the record's columns are followed by one more: the rank.
 */
record ListSql(String text, List<Object> params) {

  static ListSql of(Resource resource, String columns, ListQuery query) {
    // Rows of an import not yet committed are hidden (negative version).
    List<String> where = new ArrayList<>(List.of(resource.table() + ".version > 0"));
    List<Object> params = new ArrayList<>();
    String from = resource.table();
    boolean ranked = query.sort() == Sort.RELEVANCE;
    if (query.search() != null) {
      // The index answers the matching ids (and their rank when the order needs it: bm25 costs a
      // pass over each word's row list); the join gives the rows, the filters and other orders.
      String fts = SearchIndex.table(resource);
      from += ", (SELECT rowid AS hit" + (ranked ? ", bm25(" + fts + ", " + SearchIndex.WEIGHTS + ") AS rank" : "")
          + " FROM " + fts + " WHERE " + fts + " MATCH ?) AS hits";
      List<String> words = SearchTerms.words(query.search());
      if (words.isEmpty()) {
        throw new StoreException(StoreException.Kind.INVALID, "a search needs at least one word");
      }
      params.add(SearchIndex.match(words));
      where.add("id = hits.hit");
    } else if (ranked) {
      throw new StoreException(StoreException.Kind.INVALID, "a relevance order needs a search");
    }
    for (Map.Entry<String, Object> filter : query.filters()) {
      Field field = resource.field(filter.getKey()).orElseThrow(
          () -> new StoreException(StoreException.Kind.INVALID, "no field " + filter.getKey()));
      where.add(field.kind() == Field.Kind.YEAR ? "COALESCE(year, -1) = ?" : field.name() + " = ?");
      params.add(filter.getValue());
    }
    if (query.q() != null) {
      // instr() on the stored keys: Unicode case folding (LIKE folds ASCII only), and the needle is
      // compared byte for byte, so %, _ and even NUL are literal (LIKE stops a pattern at a NUL).
      String credit = TextKey.column(resource.creditField().name());
      where.add("(instr(" + TextKey.column("title") + ", ?) > 0 OR instr(" + credit + ", ?) > 0)");
      String needle = TextKey.of(query.q());
      params.add(needle);
      params.add(needle);
    }
    String direction = query.descending() ? "DESC" : "ASC";
    String after = query.descending() ? "<" : ">";
    String sortKey = sortExpression(query.sort());
    if (query.after() != null) {
      if (sortKey == null) {
        where.add("id " + after + " ?");
      } else {
        where.add("(" + sortKey + ", id) " + after + " (" + sortParameter(query.sort()) + ", ?)");
        params.add(query.after().getValue("value"));
      }
      params.add(query.after().getLong("id"));
    }
    String text = "SELECT " + columns + (ranked ? ", hits.rank" : "") + " FROM " + from
        + " WHERE " + String.join(" AND ", where)
        + " ORDER BY " + (sortKey == null ? "" : sortKey + " " + direction + ", ") + "id " + direction
        + " LIMIT ?";
    params.add(query.limit() + 1);
    return new ListSql(text, params);
  }

  /** The expression a sort orders by before the id, matching an index; null for the id alone. */
  private static String sortExpression(Sort sort) {
    return switch (sort) {
      case ID -> null;
      case TITLE -> TextKey.column("title");
      case YEAR -> "COALESCE(year, -1)";
      case CREATED_AT -> "created_at";
      case RELEVANCE -> "hits.rank";
    };
  }

  private static String sortParameter(Sort sort) {
    return sort == Sort.YEAR ? "COALESCE(?, -1)" : "?";
  }
}
