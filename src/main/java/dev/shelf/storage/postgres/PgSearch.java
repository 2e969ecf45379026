package dev.shelf.storage.postgres;

import dev.shelf.model.Resource;
import dev.shelf.model.SearchTerms;
import dev.shelf.model.TextKey;
import dev.shelf.storage.StoreException;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Full-text search on PostgreSQL, behaving as the SQLite store's FTS5 index: every word must occur
 * in the title or the credit, case and diacritics ignored, no stemming, the last word a prefix,
 * best match first.
 *
 * <p>Each table has a {@code search_vector} column PostgreSQL generates from the row in the same
 * statement (so in the same transaction, whoever writes): the title's words with weight A, the
 * credit's with weight B, through the {@value #CONFIG} text search configuration ({@code simple},
 * no stop words, no stemming, with {@code unaccent} first). A GIN index answers {@code @@}.
 *
 * <p>The vector is built from the stored {@link TextKey} columns, already case folded by the same
 * Java code as the query's words, so case folding does not hang on the database's locale. ASCII
 * punctuation is turned into spaces first, because PostgreSQL's parser would otherwise keep
 * {@code a@b.com}, {@code example.com}, {@code 3.14} or {@code /usr/bin} as one token, where
 * {@link SearchTerms} (and FTS5) see separate words.
 */
final class PgSearch {

  static final String CONFIG = "shelf_search";
  static final String COLUMN = "search_vector";
  static final String PREFIXES = "search_prefixes";
  private static final String PREFIXES_OF = "shelf_search_prefixes";
  /** The longest prefix the prefix column keeps, as the SQLite index's {@code prefix='1 2 3'}. */
  private static final int MAX_PREFIX = 3;

  /** The printable ASCII characters that are not letters or digits, each one becomes a space. */
  private static final String PUNCTUATION = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";
  /** PostgreSQL's longest lexeme, in bytes; a longer query word can match nothing. */
  private static final int MAX_LEXEME_BYTES = 2047;
  /** The parser's word token types; each goes through unaccent, then simple (lower case, kept). */
  private static final String WORD_TOKENS =
      "asciiword, word, numword, asciihword, hword, numhword, hword_asciipart, hword_part, hword_numpart";

  private PgSearch() {
  }

  /**
   * Schema version 2: the unaccent extension (trusted since PostgreSQL 13: a role with CREATE on
   * the database may install it), the configuration, and per table the generated column (filled
   * for the rows already there as the table is rewritten) and its GIN index.
   */
  static List<String> migration() {
    List<String> statements = new ArrayList<>(List.of(
        "CREATE EXTENSION IF NOT EXISTS unaccent",
        "CREATE TEXT SEARCH CONFIGURATION " + CONFIG + " (COPY = simple)",
        "ALTER TEXT SEARCH CONFIGURATION " + CONFIG + " ALTER MAPPING FOR " + WORD_TOKENS + " WITH unaccent, simple"));
    for (Resource resource : Resource.ALL) {
      String t = resource.table();
      statements.add("ALTER TABLE " + t + " ADD COLUMN " + COLUMN + " tsvector GENERATED ALWAYS AS ("
          + weighted("title", "A") + " || " + weighted(resource.creditField().name(), "B") + ") STORED");
      statements.add("CREATE INDEX " + t + "_search ON " + t + " USING gin (" + COLUMN + ")");
    }
    return statements;
  }

  private static String weighted(String field, String weight) {
    String spaces = " ".repeat(PUNCTUATION.length());
    return "setweight(to_tsvector('" + CONFIG + "'::regconfig, translate(" + TextKey.column(field) + ", '"
        + PUNCTUATION.replace("'", "''") + "', '" + spaces + "')), '" + weight + "')";
  }

  /**
   * Schema version 3: a second generated column holding the 1-, 2- and 3-character prefixes of
   * every lexeme, indexed with the vector, as the SQLite store's index keeps {@code prefix='1 2 3'}.
   * A short last word ({@code 18} in "300 18", typed as you go) would otherwise make GIN merge one
   * posting list per lexeme it starts (thousands on a big table); here it is one exact lexeme.
   * (A generated column cannot read another, so the vector's expression is repeated.)
   */
  static List<String> prefixMigration() {
    List<String> statements = new ArrayList<>(List.of(
        "CREATE FUNCTION " + PREFIXES_OF + "(v tsvector) RETURNS tsvector LANGUAGE sql IMMUTABLE PARALLEL SAFE"
            + " AS 'SELECT coalesce(array_to_tsvector(array_agg(DISTINCT left(lexeme, n))), ''''::tsvector)"
            + " FROM unnest(tsvector_to_array(v)) AS lexeme, generate_series(1, " + MAX_PREFIX + ") AS n'"));
    for (Resource resource : Resource.ALL) {
      String t = resource.table();
      statements.add("ALTER TABLE " + t + " ADD COLUMN " + PREFIXES + " tsvector GENERATED ALWAYS AS (" + PREFIXES_OF + "("
          + weighted("title", "A") + " || " + weighted(resource.creditField().name(), "B") + ")) STORED");
      // One GIN index on both columns, so one index scan intersects a search's words and its
      // prefix, skipping through the longer posting lists (two indexes would AND two bitmaps, one
      // of them as long as the table for a word every row has: measured 3.7 ms vs 0.1 ms).
      statements.add("DROP INDEX " + t + "_search");
      statements.add("CREATE INDEX " + t + "_search ON " + t + " USING gin (" + COLUMN + ", " + PREFIXES + ")");
    }
    return statements;
  }

  /**
   * Adds a search's conditions to {@code where} and its parameters to {@code params}; answers what
   * joins the FROM: the query, as {@code query}, for the rank. Each word is case folded as the
   * stored keys are and quoted, so it is a plain lexeme whatever it holds ({@code & | ! : * ( )}
   * are never operators); all of them are required, the last as a prefix. {@code to_tsquery}
   * applies unaccent as the vector's words had it. A word longer than any lexeme can be matches
   * nothing (to_tsquery would drop it: more matches, not fewer).
   */
  static String join(String search, List<Object> params, List<String> where) {
    List<String> words = SearchTerms.words(search);
    if (words.isEmpty()) {
      throw new StoreException(StoreException.Kind.INVALID, "a search needs at least one word");
    }
    List<String> keys = words.stream().map(TextKey::of).toList();
    if (keys.stream().anyMatch(k -> k.getBytes(StandardCharsets.UTF_8).length > MAX_LEXEME_BYTES)) {
      where.add("false");
      return ", (SELECT NULL::tsquery AS query) AS search";
    }
    params.add(quoted(keys) + ":*");
    String join = ", (SELECT to_tsquery('" + CONFIG + "', $" + params.size() + ") AS query) AS search";
    String last = keys.get(keys.size() - 1);
    if (last.length() > MAX_PREFIX || !last.chars().allMatch(c -> c < 128)) {
      where.add(COLUMN + " @@ query");
      return join;
    }
    // A short ASCII last word (unaccent leaves it as it is) is one lexeme of the prefix column; the
    // other words are whole lexemes of the vector.
    if (keys.size() > 1) {
      params.add(quoted(keys.subList(0, keys.size() - 1)));
      where.add(COLUMN + " @@ to_tsquery('" + CONFIG + "', $" + params.size() + ")");
    }
    params.add(quoted(List.of(last)));
    where.add(PREFIXES + " @@ to_tsquery('" + CONFIG + "', $" + params.size() + ")");
    return join;
  }

  private static String quoted(List<String> keys) {
    return keys.stream().map(k -> "'" + k.replace("\\", "\\\\").replace("'", "''") + "'").collect(Collectors.joining(" & "));
  }

  /** The key a ranked page ends on: the rank in {@code rankColumn} of row {@code size} and its id; null when empty. */
  static JsonObject lastKey(RowSet<Row> rows, int size, int rankColumn) {
    int i = 0;
    for (Row row : rows) {
      if (++i == size) {
        return new JsonObject().put("value", row.getDouble(rankColumn)).put("id", row.getLong(0));
      }
    }
    return null;
  }

  /**
   * The rank as the keyset orders it: negated, so ascending order is best first, as bm25's. The
   * weights (D, C, B, A) make a word in the title (A) count ten times one in the credit (B), as
   * the SQLite store's bm25 weights do; normalisation 8 divides by the number of distinct words,
   * so a word in a short title outranks it in a long one (bm25 weighs length too).
   */
  static String rank(String query) {
    return "(-ts_rank('{0.1, 0.1, 0.1, 1.0}', " + COLUMN + ", " + query + ", 8))::float8";
  }
}
