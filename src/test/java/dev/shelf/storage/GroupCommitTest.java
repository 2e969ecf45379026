package dev.shelf.storage;

import static dev.shelf.support.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import dev.shelf.metrics.ShelfMetrics;
import dev.shelf.support.RunningShelf;
import dev.shelf.support.SqliteFile;
import io.micrometer.core.instrument.DistributionSummary;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(VertxExtension.class)
@DisplayName("Group commit: many writes share a commit, fail alone, and are acknowledged only after it")
class GroupCommitTest {

  @TempDir
  Path dir;
  Database db;
  ResourceStore books;

  @BeforeEach
  void open(Vertx vertx) throws SQLException {
    Path file = dir.resolve("gc.db");
    SchemaPool schema = SchemaPool.open(vertx, file.toString(), "NORMAL");
    RunningShelf.await(Migrations.apply(schema).eventually(schema::close));
    // A 100 ms linger makes writes submitted together land in one batch, whatever the machine's speed.
    db = Database.open(vertx, new Database.Settings(file.toString(), "NORMAL", 2, 512, 100, 10_000));
    books = new ResourceStore(dev.shelf.model.Resource.BOOKS, db, new ChangeFeed(vertx.eventBus()));
  }

  /** The writer's batch-size meter, as /metrics exports it: count = commits, total = writes. */
  private static DistributionSummary batches() {
    return ShelfMetrics.registry().get(WriterStats.BATCH_SIZE).summary();
  }

  @AfterEach
  void close() {
    RunningShelf.await(db.close());
  }

  @Test
  @DisplayName("writes that share commits publish one event each, numbered without gaps in commit order")
  void eventsFollowCommitOrder(Vertx vertx) {
    List<JsonObject> events = new java.util.concurrent.CopyOnWriteArrayList<>();
    RunningShelf.await(vertx.eventBus().<JsonObject>consumer(ChangeEvents.ADDRESS, m -> events.add(m.body()))
        .completion());
    List<Future<StoredRecord>> creates = IntStream.range(0, 200)
        .mapToObj(i -> books.create(new JsonObject().put("title", "T" + i).put("author", "A").put("year", null)))
        .toList();
    Future<StoredRecord> refused = books.update(999_999, new JsonObject().put("title", "x"), java.util.OptionalLong.empty());
    RunningShelf.await(Future.all(creates));
    RunningShelf.await(refused.otherwiseEmpty());

    // The events are published before the writes complete, and delivered soon after.
    eventually(() -> assertThat(events).hasSize(200));
    assertThat(batches().count()).as("the writes shared commits").isLessThan(200);
    assertThat(events).extracting(e -> e.getLong("id"))
        .containsExactlyElementsOf(LongStream.rangeClosed(1, 200).boxed().toList());
    assertThat(events).extracting(e -> e.getJsonObject("data").getLong("id")).as("ids in the order they were stored")
        .isSorted().doesNotHaveDuplicates();
    assertThat(events).allSatisfy(e -> assertThat(e.getString("type")).isEqualTo("book.created"));
  }

  @Test
  @DisplayName("500 concurrent creates all succeed with distinct ids, in far fewer commits than writes")
  void concurrentCreates() throws SQLException {
    List<Future<StoredRecord>> creates = IntStream.range(0, 500)
        .mapToObj(i -> books.create(new JsonObject().put("title", "T" + i).put("author", "A").put("year", null)))
        .toList();
    RunningShelf.await(Future.all(creates));

    assertThat(creates.stream().map(f -> f.result().id()).toList()).doesNotHaveDuplicates().hasSize(500);
    assertThat(count()).isEqualTo(500);
    assertThat((long) batches().totalAmount()).isEqualTo(500);
    assertThat(batches().count()).isLessThan(50);
    assertThat(batches().max()).isGreaterThan(1);
  }

  @Test
  @DisplayName("a write the database refuses fails alone; the others in its batch commit")
  void failingWriteFailsAlone() throws SQLException {
    Future<StoredRecord> before = books.create(book("Before", 1999));
    Future<StoredRecord> refused = books.create(book("Refused", 3000)); // breaks the table's CHECK on year
    Future<StoredRecord> after = books.create(book("After", 2001));
    RunningShelf.await(Future.join(before, refused, after).otherwiseEmpty());

    assertThat(before.succeeded()).isTrue();
    assertThat(after.succeeded()).isTrue();
    assertThat(refused.failed()).isTrue();
    assertThat(refused.cause()).hasMessageContaining("CONSTRAINT");
    assertThat(batches().count()).as("all three were in one batch").isEqualTo(1);
    assertThat(titles()).containsExactly("Before", "After");
  }

  @Test
  @DisplayName("a write is not acknowledged, nor visible elsewhere, before the commit of its batch")
  void acknowledgedOnlyAfterCommit() throws Exception {
    CountDownLatch batchRunning = new CountDownLatch(1);
    CountDownLatch mayFinish = new CountDownLatch(1);
    Future<StoredRecord> first = books.create(book("First", 2000));
    Future<Object> holder = db.write(c -> {
      batchRunning.countDown();
      awaitQuietly(mayFinish);
      return null;
    });

    assertThat(batchRunning.await(10, TimeUnit.SECONDS)).isTrue();
    Thread.sleep(100); // time for a wrong, early acknowledgement to show: this waits for nothing to happen
    assertThat(first.isComplete()).as("acknowledged while its transaction is open").isFalse();
    assertThat(titles()).as("visible before commit").isEmpty();

    mayFinish.countDown();
    RunningShelf.await(first);
    RunningShelf.await(holder);
    assertThat(titles()).containsExactly("First");
  }

  @Test
  @DisplayName("a full write queue refuses new writes at once, and the queued ones still commit")
  void boundedQueue(Vertx vertx) throws Exception {
    Path file = dir.resolve("small.db");
    SchemaPool schema = SchemaPool.open(vertx, file.toString(), "NORMAL");
    RunningShelf.await(Migrations.apply(schema).eventually(schema::close));
    Database small = Database.open(vertx, new Database.Settings(file.toString(), "NORMAL", 1, 512, 0, 3));
    CountDownLatch mayFinish = new CountDownLatch(1);
    try {
      CountDownLatch blockerRunning = new CountDownLatch(1);
      Future<Object> blocker = small.write(c -> {
        blockerRunning.countDown();
        awaitQuietly(mayFinish);
        return null;
      });
      // The writer has taken the blocker off the queue, so the queue is empty again.
      assertThat(blockerRunning.await(10, TimeUnit.SECONDS)).isTrue();
      ResourceStore store = new ResourceStore(dev.shelf.model.Resource.BOOKS, small, new ChangeFeed(vertx.eventBus()));
      List<Future<StoredRecord>> queued = IntStream.range(0, 3).mapToObj(i -> store.create(book("Q" + i, null))).toList();
      Future<StoredRecord> refused = store.create(book("Too many", null));

      assertThat(refused.failed()).as("refused at once, not after a timeout").isTrue();
      assertThat(refused.cause()).isInstanceOf(StoreException.class).hasMessageContaining("queue is full");
      mayFinish.countDown();
      RunningShelf.await(Future.all(queued));
      RunningShelf.await(blocker);
    } finally {
      mayFinish.countDown();
      RunningShelf.await(small.close());
    }
  }

  /** Holds the writer thread inside its transaction until the test lets it go. */
  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static JsonObject book(String title, Integer year) {
    return new JsonObject().put("title", title).put("author", "A").put("year", year);
  }

  private int count() throws SQLException {
    return (int) SqliteFile.of(dir.resolve("gc.db")).number("SELECT count(*) FROM books");
  }

  private List<String> titles() throws SQLException {
    return SqliteFile.of(dir.resolve("gc.db")).column("SELECT title FROM books ORDER BY id");
  }
}
