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
   * The tsquery text for a search: each word case folded as the stored keys are, quoted (so it is
   * a plain lexeme whatever it holds: {@code & | ! : * ( )} are never operators), all of them
   * required, the last a prefix. Null when a word is longer than any lexeme can be, so nothing
   * matches. {@code to_tsquery} then applies unaccent as the vector's words had it.
   */
  static String tsquery(String search) {
    List<String> words = SearchTerms.words(search);
    if (words.isEmpty()) {
      throw new StoreException(StoreException.Kind.INVALID, "a search needs at least one word");
    }
    List<String> keys = words.stream().map(TextKey::of).toList();
    if (keys.stream().anyMatch(k -> k.getBytes(StandardCharsets.UTF_8).length > MAX_LEXEME_BYTES || k.indexOf('\0') >= 0)) {
      return null;
    }
    return keys.stream().map(k -> "'" + k.replace("\\", "\\\\").replace("'", "''") + "'")
        .collect(Collectors.joining(" & ")) + ":*";
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
