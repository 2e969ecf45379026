package dev.shelf.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shelf.support.RunningShelf;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
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
        "books_title", "books_title_sort", "books_author", "books_year_sort", "books_created_sort",
        "movies_title", "movies_title_sort", "movies_director", "movies_year_sort", "movies_created_sort");
  }

  private static java.util.List<String> tables(Path file) throws SQLException {
    return names(file, "table");
  }

  private static java.util.List<String> names(Path file, String type) throws SQLException {
    java.util.List<String> names = new java.util.ArrayList<>();
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
         ResultSet rs = c.createStatement().executeQuery("SELECT name FROM sqlite_master WHERE type = '" + type + "'")) {
      while (rs.next()) {
        names.add(rs.getString(1));
      }
    }
    return names;
  }

  private static String query(Path file, String sql) throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
         ResultSet rs = c.createStatement().executeQuery(sql)) {
      return rs.getString(1);
    }
  }

  private static void execute(Path file, String sql) throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }
}
