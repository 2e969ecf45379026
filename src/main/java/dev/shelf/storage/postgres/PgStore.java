package dev.shelf.storage.postgres;

import dev.shelf.model.ListQuery;
import dev.shelf.model.Resource;
import dev.shelf.storage.BackupCopy;
import dev.shelf.storage.BatchOp;
import dev.shelf.storage.BatchResult;
import dev.shelf.storage.ChangeEvents;
import dev.shelf.storage.RecordPage;
import dev.shelf.storage.RecordStore;
import dev.shelf.storage.StoreException;
import dev.shelf.storage.StoredRecord;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.Supplier;

/**
 * PostgreSQL as a {@link RecordStore}, shared by any number of Shelf nodes. Reads go to a pool;
 * writes to the group-committed {@link PgWriter}; events through the {@link PgEventLog}. Nothing
 * blocks: every call is a chain of futures on the reactive client. Failures come out as the same
 * {@link StoreException} kinds as the SQLite store's, plus {@code UNAVAILABLE} while the server
 * cannot be reached (503, and the store recovers by itself when it is back).
 */
final class PgStore implements RecordStore {

  private final Pool reads;
  private final PgWriter writer;
  private final PgEventLog events;
  private final PgMeters meters;
  private final Map<Resource, PgRecords> records = new LinkedHashMap<>();
  private final PgImports imports;

  PgStore(Pool reads, PgWriter writer, PgEventLog events, PgMeters meters) {
    this.reads = reads;
    this.writer = writer;
    this.events = events;
    this.meters = meters;
    Resource.ALL.forEach(resource -> records.put(resource, new PgRecords(resource)));
    this.imports = new PgImports(writer, records);
  }

  @Override
  public Future<StoredRecord> get(Resource resource, long id) {
    return typed(of(resource).get(reads, id));
  }

  @Override
  public Future<RecordPage> list(Resource resource, ListQuery query) {
    try {
      return typed(of(resource).list(reads, query));
    } catch (StoreException e) {
      return Future.failedFuture(e);
    }
  }

  @Override
  public Future<StoredRecord> create(Resource resource, JsonObject values) {
    PgRecords table = of(resource);
    String now = PgColumns.now();
    return write(resource, ChangeEvents.CREATED, conn -> table.insert(conn, values, now)
        .map(record -> new PgWrite.Changed<>(record, null, List.of(record.json()))));
  }

  @Override
  public Future<StoredRecord> update(Resource resource, long id, JsonObject values, OptionalLong expectedVersion) {
    PgRecords table = of(resource);
    if (resource.fields().stream().noneMatch(field -> values.containsKey(field.name()))) {
      return typed(table.check(reads, id, PgRecords.versions(expectedVersion)));
    }
    String now = PgColumns.now();
    return write(resource, ChangeEvents.UPDATED, conn -> table.update(conn, id, values, PgRecords.versions(expectedVersion), now)
        .map(record -> new PgWrite.Changed<>(record, null, List.of(record.json()))));
  }

  @Override
  public Future<Void> delete(Resource resource, long id, OptionalLong expectedVersion) {
    PgRecords table = of(resource);
    return write(resource, ChangeEvents.DELETED, conn -> table.delete(conn, id, PgRecords.versions(expectedVersion))
        .map(deleted -> new PgWrite.Changed<Void>(null, null, List.of(new JsonObject().put("id", id)))));
  }

  /** ONE {@code bulkDeleted} event with the count and the title (none when nothing matched), as SQLite. */
  @Override
  public Future<Integer> deleteMatching(Resource resource, String title) {
    PgRecords table = of(resource);
    return write(resource, ChangeEvents.BULK_DELETED, conn -> table.deleteByTitle(conn, title)
        .map(ids -> new PgWrite.Changed<>(ids.size(), null, ids.isEmpty() ? List.of()
            : List.of(new JsonObject().put("count", ids.size()).put("title", title)))));
  }

  /**
   * A chunk per write, hidden until the commit shows them all ({@link PgImports}); ONE
   * {@code imported} event with the count and the lowest and highest new id. (Other writes, of this
   * node or another, may have taken ids inside that range.)
   */
  @Override
  public Future<Long> beginImport(Resource resource) {
    of(resource);
    return imports.begin(resource);
  }

  @Override
  public Future<Void> stageImport(Resource resource, long importId, List<JsonObject> rows) {
    return typed(guarded(() -> imports.stage(resource, importId, rows)));
  }

  @Override
  public Future<Integer> commitImport(Resource resource, long importId) {
    return typed(guarded(() -> imports.commit(resource, importId)));
  }

  @Override
  public Future<Void> abortImport(Resource resource, long importId) {
    return typed(guarded(() -> imports.abort(resource, importId)));
  }

  private static <T> Future<T> guarded(Supplier<Future<T>> call) {
    try {
      return call.get();
    } catch (StoreException e) {
      return Future.failedFuture(e);
    }
  }

  /** All operations in one write (one savepoint): all applied or none; see {@link PgBatch}. */
  @Override
  public Future<List<BatchResult>> batch(List<BatchOp> ops) {
    return writer.submit(conn -> PgBatch.run(conn, records, ops));
  }

  /** A read of the schema table: fails while PostgreSQL is unreachable. */
  @Override
  public Future<Integer> ping() {
    return typed(reads.query("SELECT max(version) FROM shelf_schema").execute()
        .map(rows -> rows.iterator().next().getInteger(0)));
  }

  @Override
  public Future<Map<Resource, Long>> rowCounts() {
    List<Future<Long>> counts = records.values().stream().map(table -> table.count(reads)).toList();
    return typed(Future.all(counts).map(all -> {
      Map<Resource, Long> result = new LinkedHashMap<>();
      int i = 0;
      for (Resource resource : records.keySet()) {
        result.put(resource, counts.get(i++).result());
      }
      meters.counted(result);
      return result;
    }));
  }

  @Override
  public Future<BackupCopy> backup(String dir) {
    return Future.failedFuture(new StoreException(StoreException.Kind.INVALID,
        "the records are in PostgreSQL: back them up with PostgreSQL's own tools (pg_dump, or continuous archiving);"
            + " POST /admin/backup copies a SQLite store only"));
  }

  /** The newest event this node has published on its bus (every earlier one has been too). */
  @Override
  public Future<Long> lastEventId() {
    return Future.succeededFuture(events.position());
  }

  /** From the events table, up to the newest event this node has published. */
  @Override
  public Future<List<JsonObject>> eventsAfter(long id, int max) {
    return typed(events.history(id, max));
  }

  /** Queues a write whose events are all of one type: {@code <singular>.<change>}. */
  private <T> Future<T> write(Resource resource, String change, PgWrite<T> write) {
    String type = ChangeEvents.type(resource, change);
    return writer.submit(conn -> write.run(conn)
        .map(changed -> new PgWrite.Changed<>(changed.result(), type, changed.data())));
  }

  private PgRecords of(Resource resource) {
    return records.get(resource);
  }

  private static <T> Future<T> typed(Future<T> result) {
    return result.recover(e -> Future.failedFuture(PgErrors.classify(e)));
  }
}
