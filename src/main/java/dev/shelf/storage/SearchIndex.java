package dev.shelf.storage;

import dev.shelf.model.Resource;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The full-text index behind {@code search}: an FTS5 table per resource ({@code books_search}) over
 * the title and the credit, with the {@code unicode61} tokenizer removing diacritics and folding
 * case for every script Unicode folds. It is an external-content index: the rows stay in the
 * resource's table and the index holds only the terms.
 *
 * <p>Triggers keep it in step with the table inside the same statement, hence the same write
 * transaction, whoever writes (Shelf, an import, or a program on the file). Schema version 4
 * creates it and builds it from the rows already there.
 */
final class SearchIndex {

  /** bm25 weights per indexed column, in order: a word in the title counts ten times one in the credit. */
  static final String WEIGHTS = "10.0, 1.0";

  private SearchIndex() {
  }

  static String table(Resource resource) {
    return resource.table() + "_search";
  }

  static Migrations.Task addTo(Resource resource) {
    String t = resource.table();
    String fts = table(resource);
    String credit = resource.creditField().name();
    String insertNew = "INSERT INTO " + fts + " (rowid, title, " + credit + ") VALUES (new.id, new.title, new." + credit + ");";
    String deleteOld = "INSERT INTO " + fts + " (" + fts + ", rowid, title, " + credit + ") VALUES ('delete', old.id, old.title, old."
        + credit + ");";
    return Migrations.Task.sql(t, List.of(
        "CREATE VIRTUAL TABLE " + fts + " USING fts5(title, " + credit + ", content='" + t + "', content_rowid='id',"
            + " tokenize='unicode61 remove_diacritics 2')",
        "CREATE TRIGGER " + fts + "_insert AFTER INSERT ON " + t + " BEGIN " + insertNew + " END",
        "CREATE TRIGGER " + fts + "_delete AFTER DELETE ON " + t + " BEGIN " + deleteOld + " END",
        "CREATE TRIGGER " + fts + "_update AFTER UPDATE OF title, " + credit + " ON " + t + " BEGIN " + deleteOld + " "
            + insertNew + " END",
        "INSERT INTO " + fts + " (" + fts + ") VALUES ('rebuild')"));
  }

  /**
   * The FTS5 query for {@code words}: each one quoted (a {@code "} doubled inside), so it is a plain
   * term whatever it holds, all of them required (FTS5's implicit AND), the last a prefix.
   */
  static String match(List<String> words) {
    String quoted = words.stream().map(w -> "\"" + w.replace("\"", "\"\"") + "\"").collect(Collectors.joining(" "));
    return quoted + "*";
  }
}
