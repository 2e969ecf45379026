package dev.shelf.storage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shelf.metrics.ShelfMetrics;
import dev.shelf.model.Resource;
import dev.shelf.support.RunningShelf;
import dev.shelf.support.SqliteFile;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The writer after failures that are not the write's own fault. The disk-full case is real:
 * {@code PRAGMA max_page_count} on the writer connection makes SQLite answer SQLITE_FULL and roll
 * the whole transaction back exactly as a full disk does, without needing a small filesystem.
 */
@ExtendWith(VertxExtension.class)
@DisplayName("The writer survives failures: a full disk, an Error in a write, a stuck batch")
class WriterRecoveryTest {

  @TempDir
  Path dir;
  Path file;
  Database db;
  ResourceStore books;

  @BeforeEach
  void open(Vertx vertx) throws SQLException {
    file = dir.resolve("recovery.db");
    SchemaPool schema = SchemaPool.open(vertx, file.toString(), "NORMAL");
    RunningShelf.await(Migrations.apply(schema).eventually(schema::close));
    // A 100 ms linger puts writes submitted together in one batch; 300 ms counts as a stuck writer.
    db = Database.open(vertx, new Database.Settings(file.toString(), "NORMAL", 2, 512, 100, 10_000, 300));
    books = new ResourceStore(Resource.BOOKS, db, new ChangeFeed(vertx.eventBus()));
  }

  @AfterEach
  void close() {
    if (db != null) {
      RunningShelf.await(db.close(5_000));
    }
  }

  /** Every row in ONE write (a big write of the writer, as an import's chunk is). */
  private Future<Integer> insertAll(List<JsonObject> rows) {
    String now = RecordRows.now();
    return db.write(c -> {
      for (JsonObject row : rows) {
        books.insertHidden(c, row, now, 1);
      }
      return rows.size();
    });
  }

  @Test
  @DisplayName("disk full: the import fails with SQLITE_FULL, and the same import succeeds once there is room")
  void diskFullThenRecovery() throws Exception {
    limitToCurrentSize();
    List<JsonObject> rows = IntStream.range(0, 300).mapToObj(i -> book("Row " + i + " " + "x".repeat(150))).toList();

    Future<Integer> tooBig = insertAll(rows);
    Future<StoredRecord> sameBatch = books.create(book("Small"));
    RunningShelf.await(Future.join(tooBig, sameBatch).otherwiseEmpty());

    assertThat(tooBig.cause()).as("the real cause").hasMessageContaining("SQLITE_FULL");
    assertThat(count()).as("acknowledged exactly when stored").isEqualTo(sameBatch.succeeded() ? 1 : 0);

    unlimited();
    assertThat(await(insertAll(rows))).as("the same statement, prepared afresh").isEqualTo(300);
    assertThat(await(books.create(book("Small"))).json().getString("title")).isEqualTo("Small");
  }

  @Test
  @DisplayName("when SQLite rolls the whole transaction back (SQLITE_FULL), every write of the batch fails with that cause, none acknowledged")
  void transactionRolledBackBySqlite() throws Exception {
    RunningShelf.await(db.onWriter(c -> {
      c.execute("CREATE TABLE filler (x BLOB)");
      return null;
    }));
    limitToCurrentSize();
    // A one-row INSERT without triggers has no statement journal: on SQLITE_FULL, SQLite rolls back
    // the whole transaction, and the batch's savepoint with it ("no such savepoint").
    Future<StoredRecord> before = books.create(book("Before"));
    Future<Integer> filler = db.write(c -> c.update("INSERT INTO filler VALUES (zeroblob(1000000))", List.of()));
    Future<StoredRecord> after = books.create(book("After"));
    RunningShelf.await(Future.join(before, filler, after).otherwiseEmpty());

    assertThat(filler.cause()).as("the real cause, not 'no such savepoint'").hasMessageContaining("SQLITE_FULL");
    assertThat(before.cause()).as("rolled back with the batch: not acknowledged").hasMessageContaining("SQLITE_FULL");
    assertThat(after.cause()).hasMessageContaining("SQLITE_FULL");
    assertThat(count()).isZero();

    unlimited();
    assertThat(await(books.create(book("Before"))).json().getString("title")).isEqualTo("Before");
    Integer inserted = await(db.write(c -> c.update("INSERT INTO filler VALUES (zeroblob(1000000))", List.of())));
    assertThat(inserted).isEqualTo(1);
  }

  /** A real SQLITE_FULL: the writer connection may not grow the file past its current size. */
  private void limitToCurrentSize() {
    RunningShelf.await(db.onWriter(c -> {
      int pages = c.query("PRAGMA page_count", List.of(), row -> row.getInt(1)).get(0);
      c.execute("PRAGMA max_page_count = " + pages);
      return null;
    }));
  }

  private void unlimited() {
    RunningShelf.await(db.onWriter(c -> {
      c.execute("PRAGMA max_page_count = 1073741823");
      return null;
    }));
  }

  @Test
  @DisplayName("through the store, a full disk is STORAGE_FULL saying so, and a read-only file is UNAVAILABLE saying so")
  void fileAndDiskFailuresHaveKinds(Vertx vertx) throws Exception {
    SqliteStore store = new SqliteStore(db, vertx.eventBus(), ShelfMetrics.registry());
    try {
      RunningShelf.await(db.onWriter(c -> {
        int pages = c.query("PRAGMA page_count", List.of(), row -> row.getInt(1)).get(0);
        c.execute("PRAGMA max_page_count = " + pages);
        return null;
      }));
      List<JsonObject> rows = IntStream.range(0, 300).mapToObj(i -> book("Row " + i + " " + "x".repeat(150))).toList();
      Future<Integer> full = store.importMany(Resource.BOOKS, rows);
      RunningShelf.await(full.otherwiseEmpty());

      assertThat(full.cause()).isInstanceOf(StoreException.class).hasMessageContaining("is full");
      assertThat(((StoreException) full.cause()).kind()).isEqualTo(StoreException.Kind.STORAGE_FULL);

      // A reader connection is opened read-only: a write through it gets SQLite's own SQLITE_READONLY.
      Future<Integer> readOnly = db.read(c -> c.update("DELETE FROM books", List.of()));
      RunningShelf.await(readOnly.otherwiseEmpty());
      StoreException mapped = new SqliteFailures().classify(readOnly.cause(), file.toString());
      assertThat(mapped.kind()).isEqualTo(StoreException.Kind.UNAVAILABLE);
      assertThat(mapped).hasMessageContaining("read-only");
    } finally {
      store.close();
    }
  }

  @Test
  @DisplayName("an Error inside a write (OutOfMemoryError) fails that write; the writer carries on and leaves no transaction open")
  void errorInWork() throws Exception {
    Future<Object> broken = db.write(c -> {
      c.update("INSERT INTO books (title, author, created_at, updated_at) VALUES ('Ghost', 'a', 'x', 'x')", List.of());
      throw new OutOfMemoryError("simulated: a write ran out of memory");
    });
    Future<StoredRecord> neighbour = books.create(book("Neighbour"));
    RunningShelf.await(Future.join(broken, neighbour).otherwiseEmpty());

    assertThat(broken.failed()).isTrue();
    assertThat(broken.cause()).isInstanceOf(OutOfMemoryError.class);
    assertThat(await(books.create(book("After"))).json().getString("title")).isEqualTo("After");
    assertThat(titles()).as("the broken write's row was rolled back").containsExactlyInAnyOrder("Neighbour", "After");
    // "database is locked" if the writer had left its transaction open
    SqliteFile.of(file).execute("PRAGMA busy_timeout = 1000", "BEGIN IMMEDIATE", "ROLLBACK");
  }

  @Test
  @DisplayName("an Error in the follow-up of a committed write does not stop the writer")
  void errorInFollowUp() throws Exception {
    Future<String> committed = db.write(c -> "done", result -> {
      throw new StackOverflowError("simulated");
    });

    assertThat(await(committed)).isEqualTo("done");
    assertThat(await(books.create(book("After"))).json().getString("title")).isEqualTo("After");
  }

  @Test
  @DisplayName("a batch stuck longer than db.writerStallMs is reported, and the report clears once it moves")
  void stuckWriterIsReported() throws Exception {
    CountDownLatch mayFinish = new CountDownLatch(1);
    Future<Object> stuck = db.write(c -> {
      hold(mayFinish, 20);
      return null;
    });
    Thread.sleep(600);

    assertThat(db.writeProblem()).contains("running one batch for");
    mayFinish.countDown();
    await(stuck);
    assertThat(db.writeProblem()).isNull();
  }

  @Test
  @DisplayName("closing gives up on a writer that never finishes, instead of hanging the shutdown")
  void closeIsBounded() throws Exception {
    CountDownLatch never = new CountDownLatch(1);
    db.write(c -> {
      hold(never, 60);
      return null;
    });
    Thread.sleep(200);

    long started = System.nanoTime();
    await(db.close(1_000));
    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)).isLessThan(5_000);
    never.countDown(); // the close still queued behind it then runs and closes the connections
    db = null;
  }

  /** Waits a few seconds at most: a writer that stopped would leave the future pending for ever. */
  private static <T> T await(Future<T> future) throws Exception {
    try {
      return future.await(10, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      throw new AssertionError("the write got no answer: the writer has stopped", e);
    }
  }

  private static void hold(CountDownLatch latch, int seconds) {
    try {
      latch.await(seconds, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static JsonObject book(String title) {
    return new JsonObject().put("title", title).put("author", "A").put("year", null);
  }

  private long count() throws SQLException {
    return SqliteFile.of(file).number("SELECT count(*) FROM books");
  }

  private List<String> titles() throws SQLException {
    return SqliteFile.of(file).column("SELECT title FROM books ORDER BY id");
  }
}
