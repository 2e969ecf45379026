package dev.shelf.storage;

import static io.vertx.core.http.HttpMethod.PATCH;
import static org.assertj.core.api.Assertions.assertThat;

import dev.shelf.support.RunningShelf;
import dev.shelf.support.SqliteFile;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(VertxExtension.class)
@DisplayName("Storage: commits are visible at once, nothing is left open, rows survive restarts")
class StorageTest {

  @TempDir
  Path dir;

  @Test
  @DisplayName("a created, patched or deleted record is visible from another connection right after the reply")
  void writesAreCommittedBeforeTheReply(Vertx vertx) throws SQLException {
    RunningShelf shelf = RunningShelf.start(vertx, dir);

    JsonObject book = shelf.book("Dune", "Frank Herbert", 1965);
    assertThat(titleInFile(shelf, book.getLong("id"))).isEqualTo("Dune");

    shelf.send(PATCH, "/books/" + book.getLong("id"), "{\"title\":\"Dune!\"}");
    assertThat(titleInFile(shelf, book.getLong("id"))).isEqualTo("Dune!");

    shelf.delete("/books/" + book.getLong("id"));
    assertThat(titleInFile(shelf, book.getLong("id"))).isNull();
  }

  @Test
  @DisplayName("no transaction stays open after a write: another connection can take the write lock at once")
  void noTransactionIsLeftOpen(Vertx vertx) throws SQLException {
    RunningShelf shelf = RunningShelf.start(vertx, dir);
    shelf.book("Dune", "Frank Herbert", 1965);
    shelf.send(PATCH, "/books/1", "{\"year\":1966}");
    shelf.delete("/books?title=Nothing");

    try (Connection other = open(shelf); Statement s = other.createStatement()) {
      s.execute("PRAGMA busy_timeout = 0");
      s.execute("BEGIN IMMEDIATE");
      s.execute("INSERT INTO books (title, author, created_at, updated_at) VALUES ('x', 'y', 'now', 'now')");
      s.execute("COMMIT");
    }
    assertThat(shelf.get("/books").bodyAsJsonObject().getJsonArray("items")).hasSize(2);
  }

  @Test
  @DisplayName("the file is in WAL mode at schema version 1")
  void walAndVersion(Vertx vertx) throws SQLException {
    RunningShelf shelf = RunningShelf.start(vertx, dir);

    assertThat(pragma(shelf, "journal_mode")).isEqualTo("wal");
    assertThat(pragma(shelf, "user_version")).isEqualTo(String.valueOf(Migrations.VERSIONS.size()));
  }

  @Test
  @DisplayName("connections use busy_timeout, foreign_keys and the configured synchronous mode")
  void connectionSettings(Vertx vertx) throws SQLException {
    Database db = Database.open(vertx, settings(dir.resolve("s.db"), "FULL"));
    try {
      assertThat((Integer) RunningShelf.await(db.onWriter(c -> pragma(c, "synchronous")))).isEqualTo(2);
      assertThat((Integer) RunningShelf.await(db.onWriter(c -> pragma(c, "foreign_keys")))).isEqualTo(1);
      assertThat((Integer) RunningShelf.await(db.onWriter(c -> pragma(c, "busy_timeout")))).isGreaterThanOrEqualTo(5000);
      assertThat((Integer) RunningShelf.await(db.read(c -> pragma(c, "synchronous")))).isEqualTo(2);
      assertThat((Integer) RunningShelf.await(db.read(c -> pragma(c, "busy_timeout")))).isGreaterThanOrEqualTo(5000);
    } finally {
      RunningShelf.await(db.close());
    }
    Database normal = Database.open(vertx, settings(dir.resolve("n.db"), "NORMAL"));
    assertThat((Integer) RunningShelf.await(normal.onWriter(c -> pragma(c, "synchronous")))).isEqualTo(1);
    RunningShelf.await(normal.close());
  }

  static Database.Settings settings(Path file, String synchronous) {
    return new Database.Settings(file.toString(), synchronous, 2, 64, 0, 1000);
  }

  private static Integer pragma(SqliteConnection c, String name) throws SQLException {
    return c.query("PRAGMA " + name, List.of(), row -> row.getInt(1)).get(0);
  }

  @Test
  @DisplayName("a restart on the same file keeps every row and goes on numbering")
  void restartKeepsRows(Vertx vertx) {
    RunningShelf first = RunningShelf.start(vertx, dir);
    List<JsonObject> books = IntStream.range(0, 5).mapToObj(i -> first.book("Book " + i, "A", 2000 + i)).toList();
    first.create("movies", new JsonObject().put("title", "Alien").put("director", "Ridley Scott"));
    first.stop();

    RunningShelf second = RunningShelf.start(vertx, dir);

    assertThat(second.get("/books").bodyAsJsonObject().getJsonArray("items").getList()).hasSize(5);
    for (JsonObject book : books) {
      assertThat(second.get("/books/" + book.getLong("id")).bodyAsJsonObject()).isEqualTo(book);
    }
    assertThat(second.get("/movies").bodyAsJsonObject().getJsonArray("items")).hasSize(1);
    assertThat(second.book("After", "A", null).getLong("id")).isEqualTo(6L);
  }

  @Test
  @DisplayName("200 concurrent creates: all 201, all stored, no duplicate ids")
  void concurrentCreates(Vertx vertx) throws SQLException {
    RunningShelf shelf = RunningShelf.start(vertx, dir);

    List<Future<HttpResponse<Buffer>>> requests = IntStream.range(0, 200)
        .mapToObj(i -> shelf.http.post("/books").sendJsonObject(
            new JsonObject().put("title", "Book " + i).put("author", "Author " + i)))
        .toList();
    RunningShelf.await(Future.all(requests));

    assertThat(requests).allSatisfy(r -> assertThat(r.result().statusCode()).isEqualTo(201));
    List<Long> ids = requests.stream().map(r -> r.result().bodyAsJsonObject().getLong("id")).toList();
    assertThat(ids).doesNotHaveDuplicates().hasSize(200);
    try (Connection c = open(shelf); ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM books")) {
      assertThat(rs.getInt(1)).isEqualTo(200);
    }
  }

  private static String titleInFile(RunningShelf shelf, long id) throws SQLException {
    try (Connection c = open(shelf);
         ResultSet rs = c.createStatement().executeQuery("SELECT title FROM books WHERE id = " + id)) {
      return rs.next() ? rs.getString(1) : null;
    }
  }

  private static String pragma(RunningShelf shelf, String name) throws SQLException {
    try (Connection c = open(shelf); ResultSet rs = c.createStatement().executeQuery("PRAGMA " + name)) {
      return rs.getString(1);
    }
  }

  static Connection open(RunningShelf shelf) throws SQLException {
    return SqliteFile.of(shelf.dbFile).open();
  }
}
