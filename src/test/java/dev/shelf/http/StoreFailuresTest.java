package dev.shelf.http;

import static dev.shelf.support.ProblemAssert.assertProblem;
import static io.vertx.core.http.HttpMethod.POST;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import dev.shelf.support.RunningShelf;
import dev.shelf.support.SqliteFile;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.Statement;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(VertxExtension.class)
@DisplayName("Store failures an operator must see: a deleted or replaced database file, a stuck writer")
class StoreFailuresTest {

  private static final String DUNE = "{\"title\":\"Dune\",\"author\":\"Frank Herbert\"}";

  @TempDir
  Path dir;

  @Test
  @DisplayName("database files deleted while running: writes are 503 naming the file, readiness is DOWN saying why")
  void deletedDatabase(Vertx vertx) throws Exception {
    assumeFalse(RunningShelf.onPostgres(), "about the SQLite file and its single writer");
    RunningShelf shelf = RunningShelf.start(vertx, dir);
    shelf.book("Before", "A", null);

    for (String suffix : new String[] {"", "-wal", "-shm"}) {
      Files.deleteIfExists(dir.resolve("shelf.db" + suffix));
    }

    JsonObject refused = assertProblem(shelf.send(POST, "/books", DUNE), 503);
    assertThat(refused.getString("detail")).contains("shelf.db").contains("deleted");
    JsonObject ready = assertProblem(shelf.get("/health/ready"), 503);
    assertThat(ready.getString("detail")).contains("storage").contains("deleted");
    assertThat(assertProblem(shelf.send(POST, "/books", DUNE), 503).getString("detail"))
        .as("and every write after it").contains("deleted");
  }

  @Test
  @DisplayName("database file replaced by another file while running: writes are 503, readiness is DOWN")
  void replacedDatabase(Vertx vertx) throws Exception {
    assumeFalse(RunningShelf.onPostgres(), "about the SQLite file and its single writer");
    RunningShelf shelf = RunningShelf.start(vertx, dir);
    shelf.book("Before", "A", null);
    Path copy = dir.resolve("copy.db");
    Files.copy(shelf.dbFile, copy);

    Files.move(copy, shelf.dbFile, StandardCopyOption.REPLACE_EXISTING);

    assertThat(assertProblem(shelf.send(POST, "/books", DUNE), 503).getString("detail")).contains("replaced");
    assertThat(assertProblem(shelf.get("/health/ready"), 503).getString("detail")).contains("replaced");
  }

  @Test
  @DisplayName("a writer stuck longer than db.writerStallMs makes readiness DOWN; it is UP again once the write commits")
  void stuckWriter(Vertx vertx) throws Exception {
    assumeFalse(RunningShelf.onPostgres(), "about the SQLite file and its single writer");
    RunningShelf shelf = RunningShelf.start(vertx, dir,
        new JsonObject().put("db", new JsonObject().put("writerStallMs", 500)));
    Future<HttpResponse<Buffer>> waiting;
    try (Connection other = SqliteFile.of(shelf.dbFile).open();
         Statement lock = other.createStatement()) {
      // Another process holds the write lock: the writer's BEGIN IMMEDIATE waits (up to its busy timeout).
      lock.execute("BEGIN IMMEDIATE");
      waiting = shelf.http.post("/books").putHeader("Content-Type", "application/json").sendBuffer(Buffer.buffer(DUNE));
      Thread.sleep(1_000);

      JsonObject ready = assertProblem(shelf.get("/health/ready"), 503);
      assertThat(ready.getString("detail")).contains("writer").contains("running one batch");
      assertThat(waiting.isComplete()).isFalse();
      lock.execute("ROLLBACK");
    }

    assertThat(RunningShelf.await(waiting).statusCode()).isEqualTo(201);
    assertThat(shelf.get("/health/ready").statusCode()).isEqualTo(200);
  }
}
