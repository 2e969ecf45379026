package dev.shelf.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shelf.support.RunningShelf;
import dev.shelf.support.SqliteFile;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.sql.SQLException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(VertxExtension.class)
@DisplayName("Schema migrations are versioned and all-or-nothing")
class MigrationsTest {

  @TempDir
  Path dir;

  @Test
  @DisplayName("a failing table task fails start-up naming the table, and nothing of that version is applied")
  void failureNamesTheTable(Vertx vertx) throws SQLException {
    Path file = dir.resolve("shelf.db");
    execute(file, "CREATE TABLE movies (something TEXT)");

    assertThatThrownBy(() -> RunningShelf.start(vertx, dir))
        .hasMessageContaining("table 'movies'")
        .hasMessageContaining("already exists");
    assertThat(tables(file)).doesNotContain("books");
    assertThat(query(file, "PRAGMA user_version")).isEqualTo("0");
  }

  @Test
  @DisplayName("a database from a newer Shelf is refused, not damaged")
  void newerSchemaIsRefused(Vertx vertx) throws SQLException {
    Path file = dir.resolve("shelf.db");
    execute(file, "PRAGMA user_version = 99");

    assertThatThrownBy(() -> RunningShelf.start(vertx, dir)).hasMessageContaining("schema version 99");
    assertThat(query(file, "PRAGMA user_version")).isEqualTo("99");
  }

  @Test
  @DisplayName("indexes exist for every sort and filter")
  void indexes(Vertx vertx) throws SQLException {
    RunningShelf.start(vertx, dir);

    assertThat(names(dir.resolve("shelf.db"), "index")).contains(
        "books_title", "books_title_key_sort", "books_author", "books_year_sort", "books_created_sort",
        "movies_title", "movies_title_key_sort", "movies_director", "movies_year_sort", "movies_created_sort");
    assertThat(tables(dir.resolve("shelf.db"))).contains("books_search", "movies_search");
    assertThat(query(dir.resolve("shelf.db"), "SELECT group_concat(sql, ' ') FROM sqlite_master WHERE name LIKE '%_search'"))
        .as("search-as-you-type prefixes are indexed (version 5)").contains("prefix='1 2 3'");
  }

  @Test
  @DisplayName("version 3 fills the title and credit keys of rows already stored, so they sort and match by Unicode case")
  void keysAreFilledForExistingRows(Vertx vertx) throws SQLException {
    Path file = dir.resolve("shelf.db");
    SchemaPool schema = SchemaPool.open(vertx, file.toString(), "NORMAL");
    RunningShelf.await(Migrations.apply(schema, 2).eventually(schema::close));
    execute(file, "INSERT INTO books (title, author, created_at, updated_at) VALUES "
        + "('école', 'Zola', 'a', 'a'), ('Zed', 'ÉMILE', 'a', 'a'), ('ÉCOLE', 'x', 'a', 'a'), ('abc', 'y', 'a', 'a')");

    RunningShelf shelf = RunningShelf.start(vertx, dir);

    assertThat(query(file, "SELECT group_concat(title_key || '/' || author_key, ' ') FROM books"))
        .isEqualTo("école/zola zed/émile école/x abc/y");
    assertThat(shelf.get("/books?sort=title").bodyAsJsonObject().getJsonArray("items").stream()
        .map(b -> ((io.vertx.core.json.JsonObject) b).getString("title")).toList())
        .containsExactly("abc", "Zed", "école", "ÉCOLE");
    assertThat(shelf.get("/books?q=%C3%A9mile").bodyAsJsonObject().getJsonArray("items")).hasSize(1);
    assertThat(shelf.get("/books?search=ecole").bodyAsJsonObject().getJsonArray("items"))
        .as("version 4 indexes the rows already there for search").hasSize(2);
  }

  @Test
  @DisplayName("the search index follows rows another program writes to the file (triggers, same transaction)")
  void searchIndexFollowsOtherWriters(Vertx vertx) throws SQLException {
    RunningShelf shelf = RunningShelf.start(vertx, dir);
    Path file = dir.resolve("shelf.db");

    execute(file, "INSERT INTO books (title, author, created_at, updated_at) VALUES ('Written elsewhere', 'x', 'a', 'a')");
    assertThat(shelf.get("/books?search=elsewhere").bodyAsJsonObject().getJsonArray("items")).hasSize(1);
    execute(file, "UPDATE books SET title = 'Renamed' WHERE title = 'Written elsewhere'");
    assertThat(shelf.get("/books?search=elsewhere").bodyAsJsonObject().getJsonArray("items")).isEmpty();
    assertThat(shelf.get("/books?search=renamed").bodyAsJsonObject().getJsonArray("items")).hasSize(1);
    execute(file, "DELETE FROM books");
    assertThat(shelf.get("/books?search=renamed").bodyAsJsonObject().getJsonArray("items")).isEmpty();
    assertThat(query(file, "SELECT count(*) FROM books_search")).isEqualTo("0");
  }

  private static java.util.List<String> tables(Path file) throws SQLException {
    return names(file, "table");
  }

  private static java.util.List<String> names(Path file, String type) throws SQLException {
    return SqliteFile.of(file).column("SELECT name FROM sqlite_master WHERE type = '" + type + "'");
  }

  private static String query(Path file, String sql) throws SQLException {
    return SqliteFile.of(file).text(sql);
  }

  private static void execute(Path file, String sql) throws SQLException {
    SqliteFile.of(file).execute(sql);
  }
}
