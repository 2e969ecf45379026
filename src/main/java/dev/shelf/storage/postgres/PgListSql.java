package dev.shelf.storage.postgres;

import dev.shelf.model.Field;
import dev.shelf.model.ListQuery;
import dev.shelf.model.Resource;
import dev.shelf.model.Sort;
import dev.shelf.model.TextKey;
import dev.shelf.storage.StoreException;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The SELECT for one page, as the SQLite store builds it: keyset pagination on
 * {@code (sort key, id)}, each pair backed by an index. The title sorts by its stored
 * {@link TextKey} (Unicode case fold) in code point order ("C" collation), and {@code q} looks for
 * the key of its text inside the stored keys: the SQLite store's very rules, from the same Java code.
 * Parameter values are checked for their SQL type here, because PostgreSQL refuses a mistyped one
 * where SQLite would compare it anyway. A {@code search} matches the {@link PgSearch} vector; in
 * relevance order the rank is the sort key and follows the record's columns.
 */
record PgListSql(String text, Tuple params) {

  static PgListSql of(Resource resource, String columns, ListQuery query) {
    // Rows of an import not yet committed are hidden (negative version).
    List<String> where = new ArrayList<>(List.of(resource.table() + ".version > 0"));
    List<Object> params = new ArrayList<>();
    String from = resource.table();
    boolean ranked = query.sort() == Sort.RELEVANCE;
    if (query.search() != null) {
      from += PgSearch.join(query.search(), params, where);
    } else if (ranked) {
      throw new StoreException(StoreException.Kind.INVALID, "a relevance order needs a search");
    }
    for (Map.Entry<String, Object> filter : query.filters()) {
      Field field = resource.field(filter.getKey()).orElseThrow(
          () -> new StoreException(StoreException.Kind.INVALID, "no field " + filter.getKey()));
      if (holdsNul(filter.getValue())) {
        where.add("false");
        continue;
      }
      params.add(field.kind() == Field.Kind.YEAR ? year(filter.getValue()) : text(filter.getValue()));
      where.add((field.kind() == Field.Kind.YEAR ? "COALESCE(year, -1)" : field.name()) + " = $" + params.size());
    }
    if (holdsNul(query.q())) {
      where.add("false");
    } else if (query.q() != null) {
      // strpos() on the stored keys, as the SQLite store's instr(): Unicode case folding, and the
      // needle is literal (no LIKE wildcards).
      String credit = TextKey.column(resource.creditField().name());
      params.add(TextKey.of(text(query.q())));
      where.add("(strpos(" + TextKey.column("title") + ", $" + params.size() + ") > 0 OR strpos(" + credit
          + ", $" + params.size() + ") > 0)");
    }
    String direction = query.descending() ? "DESC" : "ASC";
    String after = query.descending() ? "<" : ">";
    String sortKey = sortExpression(query.sort());
    if (query.after() != null) {
      Long afterId = query.after().getValue("id") instanceof Number n ? n.longValue() : null;
      if (afterId == null) {
        throw new StoreException(StoreException.Kind.INVALID, "the cursor has no id");
      }
      if (sortKey == null) {
        params.add(afterId);
        where.add("id " + after + " $" + params.size());
      } else {
        params.add(sortValue(query.sort(), query.after().getValue("value")));
        params.add(afterId);
        where.add("(" + sortKey + ", id) " + after + " (" + sortParameter(query.sort(), params.size() - 1)
            + ", $" + params.size() + ")");
      }
    }
    params.add(query.limit() + 1);
    String text = "SELECT " + columns + (ranked ? ", " + sortKey : "") + " FROM " + from
        + (where.isEmpty() ? "" : " WHERE " + String.join(" AND ", where))
        + " ORDER BY " + (sortKey == null ? "" : sortKey + " " + direction + ", ") + "id " + direction
        + " LIMIT $" + params.size();
    return new PgListSql(text, Tuple.from(params));
  }

  /** The expression a sort orders by before the id, matching an index; null for the id alone. */
  private static String sortExpression(Sort sort) {
    return switch (sort) {
      case ID -> null;
      case TITLE -> TextKey.column("title");
      case YEAR -> "COALESCE(year, -1)";
      case CREATED_AT -> "created_at";
      case RELEVANCE -> PgSearch.rank("query");
    };
  }

  private static String sortParameter(Sort sort, int index) {
    return switch (sort) {
      case YEAR -> "COALESCE($" + index + "::integer, -1)";
      case RELEVANCE -> "$" + index + "::float8";
      default -> "$" + index + "::text COLLATE \"C\"";
    };
  }

  private static Object sortValue(Sort sort, Object value) {
    return switch (sort) {
      case YEAR -> year(value);
      case RELEVANCE -> rank(value);
      default -> text(value);
    };
  }

  /** A year value as PostgreSQL's integer; null stays null (it sorts as -1). */
  private static Integer year(Object value) {
    if (value == null) {
      return null;
    }
    if (value instanceof Number n && n.longValue() >= Integer.MIN_VALUE && n.longValue() <= Integer.MAX_VALUE
        && n.doubleValue() == n.longValue()) {
      return n.intValue();
    }
    throw new StoreException(StoreException.Kind.INVALID, "a year must be an integer");
  }

  private static Double rank(Object value) {
    if (value instanceof Number n) {
      return n.doubleValue();
    }
    throw new StoreException(StoreException.Kind.INVALID, "a rank must be a number");
  }

  private static String text(Object value) {
    if (value instanceof String s) {
      return s;
    }
    throw new StoreException(StoreException.Kind.INVALID, "a text value must be a string");
  }

  /** PostgreSQL text cannot hold U+0000, so no stored value equals or contains one: the page is empty. */
  private static boolean holdsNul(Object value) {
    return value instanceof String s && s.indexOf('\0') >= 0;
  }

}
