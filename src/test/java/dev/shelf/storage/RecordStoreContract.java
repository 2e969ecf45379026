package dev.shelf.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shelf.model.ListQuery;
import dev.shelf.model.Resource;
import dev.shelf.model.Sort;
import dev.shelf.support.RunningShelf;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * What every {@link RecordStore} must do, pinned through the event bus exactly as the HTTP side
 * calls it ({@link BusStore}): every operation, every failure kind, the events and their order, and
 * that an answer means committed. A store proves itself by a subclass that starts it for real.
 */
abstract class RecordStoreContract {

  private static final Resource BOOKS = Resource.BOOKS;

  private final List<JsonObject> events = new CopyOnWriteArrayList<>();
  private MessageConsumer<JsonObject> listener;
  protected RecordStore store;

  /** Starts the real store in {@code vertx}, exposed on its bus, and answers a client of it. */
  protected abstract RecordStore start(Vertx vertx) throws Exception;

  /** Counts the books by reading the database without going through the store. */
  protected abstract long booksCountedElsewhere() throws Exception;

  /** Whether the store keeps its change events for clients that resume late (PostgreSQL does, SQLite does not). */
  protected abstract boolean keepsEventHistory();

  @BeforeEach
  void startStore(Vertx vertx) throws Exception {
    store = start(vertx);
    listener = vertx.eventBus().consumer(ChangeEvents.ADDRESS, message -> events.add(message.body()));
    RunningShelf.await(listener.completion());
  }

  @AfterEach
  void stopListening() {
    RunningShelf.await(listener.unregister());
  }

  @Test
  @DisplayName("create stores a record at version 1 with its timestamps, and get reads it back as stored")
  void createThenGet() {
    StoredRecord created = await(store.create(BOOKS, book("Dune", 1965)));

    assertThat(created.version()).isEqualTo(1);
    assertThat(created.json().getString("title")).isEqualTo("Dune");
    assertThat(created.json().getString("createdAt")).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z")
        .isEqualTo(created.json().getString("updatedAt"));
    assertThat(await(store.get(BOOKS, created.id())).json()).isEqualTo(created.json());
  }

  @Test
  @DisplayName("an answer means committed: the row is visible to a reader outside the store when the future completes")
  void committedBeforeAnswer() throws Exception {
    long before = booksCountedElsewhere();
    await(store.create(BOOKS, book("Seen", null)));
    assertThat(booksCountedElsewhere()).isEqualTo(before + 1);
  }

  @Test
  @DisplayName("get, update and delete of a missing id fail with NOT_FOUND")
  void missing() {
    assertKind(() -> await(store.get(BOOKS, 424242)), StoreException.Kind.NOT_FOUND);
    assertKind(() -> await(store.update(BOOKS, 424242, book("x", null), OptionalLong.empty())), StoreException.Kind.NOT_FOUND);
    assertKind(() -> await(store.delete(BOOKS, 424242, OptionalLong.empty())), StoreException.Kind.NOT_FOUND);
  }

  @Test
  @DisplayName("update bumps the version; at a stale expected version it fails with VERSION_MISMATCH carrying the current one")
  void optimisticUpdate() {
    StoredRecord created = await(store.create(BOOKS, book("One", 2000)));
    StoredRecord updated = await(store.update(BOOKS, created.id(), new JsonObject().put("year", 2001), OptionalLong.of(1)));
    assertThat(updated.version()).isEqualTo(2);
    assertThat(updated.json().getInteger("year")).isEqualTo(2001);
    assertThat(updated.json().getString("title")).as("a patch keeps the other fields").isEqualTo("One");

    StoreException stale = catchStore(() -> await(store.update(BOOKS, created.id(), new JsonObject().put("year", 1), OptionalLong.of(1))));
    assertThat(stale.kind()).isEqualTo(StoreException.Kind.VERSION_MISMATCH);
    assertThat(stale.currentVersion()).hasValue(2);
    assertThat(await(store.get(BOOKS, created.id())).json().getInteger("year")).isEqualTo(2001);
  }

  @Test
  @DisplayName("an update with no fields changes nothing, and still checks the expected version")
  void emptyUpdate() {
    StoredRecord created = await(store.create(BOOKS, book("Same", null)));
    assertThat(await(store.update(BOOKS, created.id(), new JsonObject(), OptionalLong.empty())).version()).isEqualTo(1);
    assertThat(catchStore(() -> await(store.update(BOOKS, created.id(), new JsonObject(), OptionalLong.of(5)))).currentVersion())
        .hasValue(1);
  }

  @Test
  @DisplayName("delete removes the record; at a stale expected version it fails with VERSION_MISMATCH and keeps it")
  void deleteOne() {
    StoredRecord kept = await(store.create(BOOKS, book("Kept", null)));
    assertThat(catchStore(() -> await(store.delete(BOOKS, kept.id(), OptionalLong.of(7)))).kind())
        .isEqualTo(StoreException.Kind.VERSION_MISMATCH);
    await(store.delete(BOOKS, kept.id(), OptionalLong.of(1)));
    assertKind(() -> await(store.get(BOOKS, kept.id())), StoreException.Kind.NOT_FOUND);
  }

  @Test
  @DisplayName("deleteMatching deletes exactly the records with that title, and counts them")
  void deleteMatching() {
    await(store.create(BOOKS, book("Twin", 1)));
    await(store.create(BOOKS, book("Twin", 2)));
    StoredRecord other = await(store.create(BOOKS, book("twin", 3)));

    assertThat(await(store.deleteMatching(BOOKS, "Twin"))).isEqualTo(2);
    assertThat(await(store.deleteMatching(BOOKS, "Nobody"))).isZero();
    assertThat(await(store.get(BOOKS, other.id())).json().getString("title")).isEqualTo("twin");
  }

  @Test
  @DisplayName("list pages in the query's order; hasMore says whether another page follows the cursor")
  void listPages() {
    for (int year : new int[] {1990, 1970, 1980}) {
      await(store.create(BOOKS, book("Y" + year, year)));
    }
    ListQuery first = new ListQuery(2, Sort.YEAR, false, new JsonObject(), null, null);
    RecordPage page = await(store.list(BOOKS, first));
    assertThat(page.items()).extracting(r -> r.json().getInteger("year")).containsExactly(1970, 1980);
    assertThat(page.hasMore()).isTrue();

    ListQuery next = new ListQuery(2, Sort.YEAR, false, new JsonObject(), null,
        first.keyOf(page.items().get(1).json()));
    RecordPage last = await(store.list(BOOKS, next));
    assertThat(last.items()).extracting(r -> r.json().getInteger("year")).containsExactly(1990);
    assertThat(last.hasMore()).isFalse();
  }

  @Test
  @DisplayName("list filters exactly and searches q in title or credit")
  void listFilters() {
    await(store.create(BOOKS, book("Alpha", 2000)));
    await(store.create(BOOKS, new JsonObject().put("title", "Beta").put("author", "Alphonse").put("year", 2000)));
    await(store.create(BOOKS, book("Gamma", 2001)));

    RecordPage byYear = await(store.list(BOOKS, new ListQuery(10, Sort.ID, false, new JsonObject().put("year", 2000), null, null)));
    assertThat(byYear.items()).extracting(r -> r.json().getString("title")).containsExactly("Alpha", "Beta");
    RecordPage byQ = await(store.list(BOOKS, new ListQuery(10, Sort.ID, false, new JsonObject(), "alph", null)));
    assertThat(byQ.items()).extracting(r -> r.json().getString("title")).containsExactly("Alpha", "Beta");
  }

  @Test
  @DisplayName("search: every word in title or credit, case and Latin diacritics ignored, last word a prefix, best first, paged by rank")
  void search() {
    await(store.create(BOOKS, new JsonObject().put("title", "Cien años de soledad").put("author", "Gabriel García Márquez")));
    await(store.create(BOOKS, new JsonObject().put("title", "Márquez").put("author", "Someone")));
    await(store.create(BOOKS, new JsonObject().put("title", "Soledad").put("author", "Marquez Fan")));
    await(store.create(BOOKS, new JsonObject().put("title", "Unrelated").put("author", "Nobody")));

    RecordPage both = await(store.list(BOOKS, new ListQuery(10, Sort.RELEVANCE, false, new JsonObject(), null,
        "MARQUEZ sol", null)));
    assertThat(both.items()).extracting(r -> r.json().getString("title"))
        .containsExactlyInAnyOrder("Cien años de soledad", "Soledad");

    ListQuery ranked = new ListQuery(1, Sort.RELEVANCE, false, new JsonObject(), null, "marquez", null);
    List<String> walked = new ArrayList<>();
    for (RecordPage page = await(store.list(BOOKS, ranked)); ; ) {
      page.items().forEach(r -> walked.add(r.json().getString("title")));
      if (!page.hasMore()) {
        break;
      }
      page = await(store.list(BOOKS, ranked.after(page.nextAfter(ranked))));
    }
    assertThat(walked).hasSize(3).first().as("a title match outranks a credit match").isEqualTo("Márquez");
    assertThat(walked).doesNotHaveDuplicates();
  }

  @Test
  @DisplayName("a filter on a field the resource does not have is INVALID")
  void unknownFilter() {
    assertKind(() -> await(store.list(BOOKS, new ListQuery(10, Sort.ID, false, new JsonObject().put("director", "x"), null, null))),
        StoreException.Kind.INVALID);
  }

  @Test
  @DisplayName("importMany stores every row or none: one row the database refuses fails it with CONFLICT")
  void importAllOrNothing() throws Exception {
    List<JsonObject> rows = new ArrayList<>(IntStream.range(0, 50).mapToObj(i -> book("I" + i, 1900 + i)).toList());
    assertThat(await(store.importMany(BOOKS, rows))).isEqualTo(50);
    long stored = booksCountedElsewhere();

    rows.set(25, book("Refused", 3000)); // breaks the table's CHECK on year
    assertKind(() -> await(store.importMany(BOOKS, rows)), StoreException.Kind.CONFLICT);
    assertThat(booksCountedElsewhere()).isEqualTo(stored);
  }

  @Test
  @DisplayName("each committed change publishes one event per record, numbered without gaps in commit order; a refused one publishes none")
  void eventsInOrder() {
    long start = await(store.lastEventId());
    StoredRecord created = await(store.create(BOOKS, book("E", null)));
    await(store.update(BOOKS, created.id(), new JsonObject().put("year", 2), OptionalLong.empty()));
    assertKind(() -> await(store.create(BOOKS, book("Refused", 3000))), StoreException.Kind.CONFLICT);
    await(store.delete(BOOKS, created.id(), OptionalLong.empty()));

    assertThat(await(store.lastEventId())).isEqualTo(start + 3);
    List<JsonObject> mine = eventsAfter(start, 3);
    assertThat(mine).extracting(e -> e.getLong("id")).containsExactly(start + 1, start + 2, start + 3);
    assertThat(mine).extracting(e -> e.getString("type")).containsExactly("book.created", "book.updated", "book.deleted");
    assertThat(mine.get(0).getJsonObject("data")).isEqualTo(created.json());
    assertThat(mine.get(2).getJsonObject("data")).isEqualTo(new JsonObject().put("id", created.id()));
  }

  @Test
  @DisplayName("a bulk change publishes ONE summary event: importMany its count and id range, deleteMatching its count and title")
  void bulkChangesPublishOneEvent() {
    long start = await(store.lastEventId());
    List<JsonObject> rows = IntStream.range(0, 40).mapToObj(i -> book("Bulk", null)).toList();
    await(store.importMany(BOOKS, rows));
    long firstId = await(store.list(BOOKS, new ListQuery(1, Sort.ID, false, new JsonObject().put("title", "Bulk"), null, null)))
        .items().get(0).id();
    assertThat(await(store.deleteMatching(BOOKS, "Bulk"))).isEqualTo(40);

    assertThat(await(store.lastEventId())).isEqualTo(start + 2);
    List<JsonObject> mine = eventsAfter(start, 2);
    assertThat(mine).extracting(e -> e.getString("type")).containsExactly("book.imported", "book.bulkDeleted");
    assertThat(mine.get(0).getJsonObject("data")).isEqualTo(new JsonObject()
        .put("count", 40).put("firstId", firstId).put("lastId", firstId + 39));
    assertThat(mine.get(1).getJsonObject("data")).isEqualTo(new JsonObject().put("count", 40).put("title", "Bulk"));
  }

  @Test
  @DisplayName("concurrent creates get distinct ids and gap-free event ids")
  void concurrentCreates() {
    long start = await(store.lastEventId());
    List<Future<StoredRecord>> creates = IntStream.range(0, 100)
        .mapToObj(i -> store.create(BOOKS, book("C" + i, null))).toList();
    await(Future.all(creates));
    assertThat(creates.stream().map(f -> f.result().id()).distinct()).hasSize(100);
    assertThat(eventsAfter(start, 100)).extracting(e -> e.getLong("id"))
        .containsExactlyInAnyOrderElementsOf(IntStream.rangeClosed(1, 100).mapToObj(i -> start + i).toList());
  }

  @Test
  @DisplayName("ping reads the store and answers its schema version; rowCounts counts each resource")
  void wholeStore() {
    assertThat(await(store.ping())).isPositive();
    await(store.create(BOOKS, book("Counted", null)));
    assertThat(await(store.rowCounts())).containsEntry(BOOKS, 1L).containsEntry(Resource.MOVIES, 0L);
  }

  @Test
  @DisplayName("batch: every operation in order in one transaction; reads see the batch's earlier writes; one result each")
  void batchInOrder() {
    StoredRecord old = await(store.create(BOOKS, book("Old", 1990)));
    List<BatchResult> results = await(store.batch(List.of(
        new BatchOp.Create(BOOKS, book("New", 2020)),
        new BatchOp.Update(BOOKS, old.id(), new JsonObject().put("year", 1991), List.of(1L)),
        new BatchOp.Get(BOOKS, old.id()),
        new BatchOp.ListRecords(BOOKS, new ListQuery(10, Sort.ID, false, new JsonObject(), null, null)),
        new BatchOp.Delete(BOOKS, old.id(), List.of()),
        new BatchOp.DeleteMatching(BOOKS, "Nobody"))));

    assertThat(results).hasSize(6);
    StoredRecord created = ((BatchResult.Record) results.get(0)).record();
    assertThat(created.json().getString("title")).isEqualTo("New");
    assertThat(((BatchResult.Record) results.get(1)).record().version()).isEqualTo(2);
    assertThat(((BatchResult.Record) results.get(2)).record().json().getInteger("year")).isEqualTo(1991);
    assertThat(((BatchResult.Page) results.get(3)).page().items()).extracting(r -> r.json().getString("title"))
        .containsExactly("Old", "New");
    assertThat(results.get(4)).isInstanceOf(BatchResult.Deleted.class);
    assertThat(results.get(5)).isEqualTo(new BatchResult.Count(0));
    assertThat(await(store.get(BOOKS, created.id())).json()).isEqualTo(created.json());
    assertKind(() -> await(store.get(BOOKS, old.id())), StoreException.Kind.NOT_FOUND);
  }

  @Test
  @DisplayName("batch: a failing operation applies nothing of the batch, and its failure names its index")
  void batchAllOrNothing() throws Exception {
    StoredRecord kept = await(store.create(BOOKS, book("Kept", 2000)));
    long stored = booksCountedElsewhere();
    long lastEvent = await(store.lastEventId());

    StoreException refused = catchStore(() -> await(store.batch(List.of(
        new BatchOp.Create(BOOKS, book("Never", 1)),
        new BatchOp.Update(BOOKS, kept.id(), new JsonObject().put("year", 2001), List.of()),
        new BatchOp.Create(BOOKS, book("Refused", 3000))))));
    assertThat(refused.kind()).isEqualTo(StoreException.Kind.CONFLICT);
    assertThat(refused.operation()).hasValue(2);

    StoreException missing = catchStore(() -> await(store.batch(List.of(
        new BatchOp.Delete(BOOKS, kept.id(), List.of()), new BatchOp.Get(BOOKS, kept.id())))));
    assertThat(missing.kind()).as("a read inside the batch sees its delete").isEqualTo(StoreException.Kind.NOT_FOUND);
    assertThat(missing.operation()).hasValue(1);

    assertThat(booksCountedElsewhere()).isEqualTo(stored);
    assertThat(await(store.get(BOOKS, kept.id())).json()).isEqualTo(kept.json());
    assertThat(await(store.lastEventId())).as("no event numbered for a batch that failed").isEqualTo(lastEvent);
    assertThat(events).as("none published either").noneMatch(e -> e.getLong("id") > lastEvent);
  }

  @Test
  @DisplayName("batch: a version mismatch inside the batch fails it with the current version, and nothing applies")
  void batchVersionMismatch() {
    StoredRecord record = await(store.create(BOOKS, book("Versioned", 2000)));
    StoreException stale = catchStore(() -> await(store.batch(List.of(
        new BatchOp.Update(BOOKS, record.id(), new JsonObject().put("year", 2001), List.of(1L)),
        new BatchOp.Delete(BOOKS, record.id(), List.of(1L))))));
    assertThat(stale.kind()).isEqualTo(StoreException.Kind.VERSION_MISMATCH);
    assertThat(stale.currentVersion()).as("the version the batch itself made").hasValue(2);
    assertThat(stale.operation()).hasValue(1);
    assertThat(await(store.get(BOOKS, record.id())).version()).isEqualTo(1);

    List<BatchResult> listed = await(store.batch(List.of(
        new BatchOp.Delete(BOOKS, record.id(), List.of(7L, 1L)))));
    assertThat(listed).containsExactly(new BatchResult.Deleted());
  }

  @Test
  @DisplayName("batch: the events of its single calls, in the operations' order, numbered without gaps")
  void batchEvents() {
    long start = await(store.lastEventId());
    StoredRecord a = await(store.create(BOOKS, book("A", null)));
    await(store.create(BOOKS, book("Twin", null)));
    await(store.create(BOOKS, book("Twin", null)));
    int before = events.size();
    await(store.batch(List.of(
        new BatchOp.Create(BOOKS, book("B", null)),
        new BatchOp.Update(BOOKS, a.id(), new JsonObject().put("year", 5), List.of()),
        new BatchOp.Get(BOOKS, a.id()),
        new BatchOp.DeleteMatching(BOOKS, "Twin"))));

    List<JsonObject> mine = eventsAfter(start + 3, 3);
    assertThat(mine).as("as the single calls: one per record, one summary for a delete by title")
        .extracting(e -> e.getString("type")).containsExactly("book.created", "book.updated", "book.bulkDeleted");
    assertThat(mine).extracting(e -> e.getLong("id")).containsExactly(start + 4, start + 5, start + 6);
    assertThat(events.size() - before).isEqualTo(3);
    assertThat(await(store.lastEventId())).isEqualTo(start + 6);
  }

  @Test
  @DisplayName("staged import rows are hidden from get, list, q, count, update, delete and deleteMatching until the commit shows them all with ONE event")
  void stagedRowsHiddenUntilCommit() throws Exception {
    StoredRecord before = await(store.create(BOOKS, book("Before", null)));
    long rawBefore = booksCountedElsewhere();
    long visibleBefore = await(store.rowCounts()).get(BOOKS);
    long start = await(store.lastEventId());
    long id = await(store.beginImport(BOOKS));
    await(store.stageImport(BOOKS, id, IntStream.range(0, 30).mapToObj(i -> book("Hidden", 2000)).toList()));

    assertThat(booksCountedElsewhere()).as("stored, hidden").isEqualTo(rawBefore + 30);
    assertThat(await(store.rowCounts()).get(BOOKS)).isEqualTo(visibleBefore);
    assertThat(await(store.list(BOOKS, byTitle("Hidden"))).items()).isEmpty();
    assertThat(await(store.list(BOOKS, new ListQuery(100, Sort.TITLE, false, new JsonObject(), "hidd", null))).items()).isEmpty();
    assertThat(await(store.list(BOOKS, new ListQuery(100, Sort.ID, false, new JsonObject(), null, null))).items())
        .extracting(StoredRecord::id).containsExactly(before.id());
    long firstHidden = before.id() + 1;
    assertKind(() -> await(store.get(BOOKS, firstHidden)), StoreException.Kind.NOT_FOUND);
    assertKind(() -> await(store.update(BOOKS, firstHidden, book("Changed", null), OptionalLong.empty())),
        StoreException.Kind.NOT_FOUND);
    assertKind(() -> await(store.delete(BOOKS, firstHidden, OptionalLong.empty())), StoreException.Kind.NOT_FOUND);
    assertThat(await(store.deleteMatching(BOOKS, "Hidden"))).isZero();
    assertThat(await(store.lastEventId())).as("no event before the commit").isEqualTo(start);

    assertThat(await(store.commitImport(BOOKS, id))).isEqualTo(30);
    List<StoredRecord> shown = await(store.list(BOOKS, byTitle("Hidden"))).items();
    assertThat(shown).hasSize(30).allSatisfy(r -> assertThat(r.version()).isEqualTo(1));
    assertThat(await(store.get(BOOKS, shown.get(0).id())).json().getString("title")).isEqualTo("Hidden");
    assertThat(await(store.rowCounts()).get(BOOKS)).isEqualTo(visibleBefore + 30);
    assertThat(eventsAfter(start, 1)).singleElement().satisfies(e -> {
      assertThat(e.getString("type")).isEqualTo("book.imported");
      assertThat(e.getJsonObject("data")).isEqualTo(new JsonObject().put("count", 30)
          .put("firstId", shown.get(0).id()).put("lastId", shown.get(29).id()));
    });
  }

  @Test
  @DisplayName("other writes run between an import's chunks; the commit shows the import's rows only, in one event")
  void writesInterleaveWithChunks() {
    long id = await(store.beginImport(BOOKS));
    await(store.stageImport(BOOKS, id, IntStream.range(0, 10).mapToObj(i -> book("Chunked", null)).toList()));
    StoredRecord between = await(store.create(BOOKS, book("Between", null)));
    assertThat(await(store.get(BOOKS, between.id())).version()).as("visible at once").isEqualTo(1);
    await(store.stageImport(BOOKS, id, IntStream.range(0, 10).mapToObj(i -> book("Chunked", null)).toList()));

    assertThat(await(store.commitImport(BOOKS, id))).isEqualTo(20);
    assertThat(await(store.list(BOOKS, byTitle("Chunked"))).items()).hasSize(20);
    assertThat(await(store.list(BOOKS, byTitle("Between"))).items()).singleElement()
        .satisfies(r -> assertThat(r.json()).isEqualTo(between.json()));
    assertKind(() -> await(store.commitImport(BOOKS, id)), StoreException.Kind.INVALID);
  }

  @Test
  @DisplayName("an aborted import leaves no row stored and publishes nothing; aborting an unknown import is a no-op")
  void abortRemovesStagedRows() throws Exception {
    long raw = booksCountedElsewhere();
    long start = await(store.lastEventId());
    long id = await(store.beginImport(BOOKS));
    await(store.stageImport(BOOKS, id, IntStream.range(0, 25).mapToObj(i -> book("Aborted", null)).toList()));
    await(store.stageImport(BOOKS, id, IntStream.range(0, 25).mapToObj(i -> book("Aborted", null)).toList()));
    assertThat(booksCountedElsewhere()).isEqualTo(raw + 50);

    await(store.abortImport(BOOKS, id));
    assertThat(booksCountedElsewhere()).isEqualTo(raw);
    assertKind(() -> await(store.commitImport(BOOKS, id)), StoreException.Kind.INVALID);
    await(store.abortImport(BOOKS, id));
    assertThat(await(store.lastEventId())).isEqualTo(start);
  }

  @Test
  @DisplayName("importMany over several chunks: all stored; a row refused in the last chunk leaves none of the earlier chunks")
  void importManyAcrossChunks() throws Exception {
    int rows = RecordStore.IMPORT_CHUNK * 2 + 100;
    List<JsonObject> many = new ArrayList<>(IntStream.range(0, rows).mapToObj(i -> book("Many", 1900 + i % 100)).toList());
    assertThat(await(store.importMany(BOOKS, many))).isEqualTo(rows);
    long stored = booksCountedElsewhere();

    many.set(rows - 1, book("Refused", 3000)); // breaks the table's CHECK on year, in the last chunk
    assertKind(() -> await(store.importMany(BOOKS, many)), StoreException.Kind.CONFLICT);
    assertThat(booksCountedElsewhere()).isEqualTo(stored);
  }

  private static ListQuery byTitle(String title) {
    return new ListQuery(100, Sort.ID, false, new JsonObject().put("title", title), null, null);
  }

  @Test
  @DisplayName("eventsAfter: what a client that saw event n missed, oldest first, at most max, as published;"
      + " none from a store that keeps no history")
  void storedEventHistory() {
    long start = await(store.lastEventId());
    StoredRecord one = await(store.create(BOOKS, book("One", null)));
    await(store.update(BOOKS, one.id(), new JsonObject().put("year", 2), OptionalLong.empty()));
    await(store.delete(BOOKS, one.id(), OptionalLong.empty()));
    List<JsonObject> published = eventsAfter(start, 3);

    List<JsonObject> firstTwo = await(store.eventsAfter(start, 2));
    List<JsonObject> rest = await(store.eventsAfter(start + 2, 100));

    if (keepsEventHistory()) {
      assertThat(firstTwo).containsExactlyElementsOf(published.subList(0, 2));
      assertThat(rest).containsExactlyElementsOf(published.subList(2, 3));
    } else {
      assertThat(firstTwo).isEmpty();
      assertThat(rest).isEmpty();
    }
    assertThat(await(store.eventsAfter(start + 3, 100))).as("nothing after the newest").isEmpty();
  }

  private List<JsonObject> eventsAfter(long start, int count) {
    long deadline = System.currentTimeMillis() + 10_000;
    while (events.stream().filter(e -> e.getLong("id") > start).count() < count && System.currentTimeMillis() < deadline) {
      Thread.onSpinWait();
    }
    return events.stream().filter(e -> e.getLong("id") > start).toList();
  }

  protected static JsonObject book(String title, Integer year) {
    return new JsonObject().put("title", title).put("author", "Someone").put("year", year);
  }

  protected static <T> T await(Future<T> future) {
    return RunningShelf.await(future);
  }

  private static StoreException catchStore(ThrowingCallable call) {
    try {
      call.call();
    } catch (Throwable e) {
      Throwable cause = e;
      while (cause != null && !(cause instanceof StoreException)) {
        cause = cause.getCause();
      }
      assertThat(cause).as("a StoreException, got " + e).isInstanceOf(StoreException.class);
      return (StoreException) cause;
    }
    throw new AssertionError("expected a StoreException");
  }

  private static void assertKind(ThrowingCallable call, StoreException.Kind kind) {
    assertThat(catchStore(call).kind()).isEqualTo(kind);
  }
}
