package dev.shelf.storage;

import dev.shelf.model.ListQuery;
import dev.shelf.model.Resource;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonObject;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * The SQLite file as a {@link RecordStore}: one {@link ResourceStore} (the SQL) per resource, the
 * whole-store calls in {@link StoreAdmin}, events numbered and published by {@link ChangeFeed}.
 * Runs its queries on the {@link Database}'s own threads. A constraint the database enforces
 * becomes {@code CONFLICT}; a full disk {@code STORAGE_FULL}; a read-only file, an I/O error or a
 * deleted database file {@code UNAVAILABLE}, saying which.
 */
final class SqliteStore implements RecordStore {

  private final Database db;
  private final Map<Resource, ResourceStore> stores = new LinkedHashMap<>();
  private final StoreAdmin admin;
  private final SqliteFailures failures = new SqliteFailures();
  private final SqliteBatch batch;
  private final SqliteImports imports;

  SqliteStore(Database db, EventBus bus, MeterRegistry registry) {
    this.db = db;
    ChangeFeed feed = new ChangeFeed(bus);
    Resource.ALL.forEach(resource -> stores.put(resource, new ResourceStore(resource, db, feed)));
    this.admin = new StoreAdmin(db, stores, registry);
    this.batch = new SqliteBatch(db, stores, feed);
    this.imports = new SqliteImports(db, stores);
  }

  @Override
  public Future<StoredRecord> get(Resource resource, long id) {
    return translated(of(resource).get(id));
  }

  @Override
  public Future<RecordPage> list(Resource resource, ListQuery query) {
    return translated(of(resource).list(query));
  }

  @Override
  public Future<StoredRecord> create(Resource resource, JsonObject values) {
    return translated(of(resource).create(values));
  }

  @Override
  public Future<StoredRecord> update(Resource resource, long id, JsonObject values, OptionalLong expectedVersion) {
    return translated(of(resource).update(id, values, expectedVersion));
  }

  @Override
  public Future<Void> delete(Resource resource, long id, OptionalLong expectedVersion) {
    return translated(of(resource).delete(id, expectedVersion));
  }

  @Override
  public Future<Integer> deleteMatching(Resource resource, String title) {
    return translated(of(resource).deleteByTitle(title));
  }

  @Override
  public Future<Long> beginImport(Resource resource) {
    of(resource);
    return imports.begin(resource);
  }

  @Override
  public Future<Void> stageImport(Resource resource, long importId, List<JsonObject> rows) {
    of(resource);
    return translated(imports.stage(resource, importId, rows));
  }

  @Override
  public Future<Integer> commitImport(Resource resource, long importId) {
    of(resource);
    return translated(imports.commit(resource, importId));
  }

  @Override
  public Future<Void> abortImport(Resource resource, long importId) {
    of(resource);
    return translated(imports.abort(resource, importId));
  }

  /** Removes what imports cut short by a crash left hidden; run once at start-up, before serving. */
  Future<Integer> removeAbandonedImports() {
    return translated(imports.removeAbandoned());
  }

  @Override
  public Future<List<BatchResult>> batch(List<BatchOp> ops) {
    for (BatchOp op : ops) {
      of(op.resource());
    }
    return batch.run(ops).recover(e -> {
      if (e instanceof SqliteBatch.OperationFailed failed) {
        return translated(Future.<List<BatchResult>>failedFuture(failed.getCause()))
            .recover(cause -> Future.failedFuture(cause instanceof StoreException store
                ? store.atOperation(failed.index()) : cause));
      }
      return translated(Future.failedFuture(e));
    });
  }

  @Override
  public Future<Integer> ping() {
    return translated(admin.ping());
  }

  @Override
  public Future<Map<Resource, Long>> rowCounts() {
    return translated(admin.rowCounts());
  }

  @Override
  public Future<BackupCopy> backup(String dir) {
    return translated(admin.backup(dir));
  }

  @Override
  public Future<Long> lastEventId() {
    return translated(ChangeFeed.last(db));
  }

  /** None: SQLite numbers its events durably but does not keep them (see {@link ChangeFeed}). */
  @Override
  public Future<List<JsonObject>> eventsAfter(long id, int max) {
    return Future.succeededFuture(List.of());
  }

  /** Stops the gauges; the database itself is closed by its owner. */
  void close() {
    admin.close();
  }

  private ResourceStore of(Resource resource) {
    ResourceStore store = stores.get(resource);
    if (store == null) {
      throw new StoreException(StoreException.Kind.INVALID, "no such resource: " + resource.name());
    }
    return store;
  }

  /**
   * SQLite's failures as kinds: a constraint is {@code CONFLICT}; a full disk, a read-only file or
   * an I/O error say so ({@link SqliteFailures}); anything else stays as it is (logged by the binding).
   */
  private <T> Future<T> translated(Future<T> call) {
    return call.recover(e -> {
      if (isConstraint(e)) {
        return Future.failedFuture(new StoreException(StoreException.Kind.CONFLICT,
            "the database refused the values: " + e.getMessage()));
      }
      StoreException fileOrDisk = failures.classify(e, db.path());
      return Future.failedFuture(fileOrDisk != null ? fileOrDisk : e);
    });
  }

  private static boolean isConstraint(Throwable failure) {
    return failure instanceof SQLException sql && sql.getMessage() != null
        && sql.getMessage().contains("SQLITE_CONSTRAINT");
  }
}
