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
 * becomes {@code CONFLICT}.
 */
final class SqliteStore implements RecordStore {

  private final Database db;
  private final Map<Resource, ResourceStore> stores = new LinkedHashMap<>();
  private final StoreAdmin admin;

  SqliteStore(Database db, EventBus bus, MeterRegistry registry) {
    this.db = db;
    ChangeFeed feed = new ChangeFeed(bus);
    Resource.ALL.forEach(resource -> stores.put(resource, new ResourceStore(resource, db, feed)));
    this.admin = new StoreAdmin(db, stores, registry);
  }

  @Override
  public Future<StoredRecord> get(Resource resource, long id) {
    return of(resource).get(id);
  }

  @Override
  public Future<RecordPage> list(Resource resource, ListQuery query) {
    return of(resource).list(query);
  }

  @Override
  public Future<StoredRecord> create(Resource resource, JsonObject values) {
    return constraints(of(resource).create(values));
  }

  @Override
  public Future<StoredRecord> update(Resource resource, long id, JsonObject values, OptionalLong expectedVersion) {
    return constraints(of(resource).update(id, values, expectedVersion));
  }

  @Override
  public Future<Void> delete(Resource resource, long id, OptionalLong expectedVersion) {
    return of(resource).delete(id, expectedVersion);
  }

  @Override
  public Future<Integer> deleteMatching(Resource resource, String title) {
    return of(resource).deleteByTitle(title);
  }

  @Override
  public Future<Integer> importMany(Resource resource, List<JsonObject> rows) {
    return constraints(of(resource).importAll(rows));
  }

  @Override
  public Future<Integer> ping() {
    return admin.ping();
  }

  @Override
  public Future<Map<Resource, Long>> rowCounts() {
    return admin.rowCounts();
  }

  @Override
  public Future<BackupCopy> backup(String dir) {
    return admin.backup(dir);
  }

  @Override
  public Future<Long> lastEventId() {
    return ChangeFeed.last(db);
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

  private static <T> Future<T> constraints(Future<T> write) {
    return write.recover(e -> Future.failedFuture(isConstraint(e)
        ? new StoreException(StoreException.Kind.CONFLICT, "the database refused the values: " + e.getMessage())
        : e));
  }

  private static boolean isConstraint(Throwable failure) {
    return failure instanceof SQLException sql && sql.getMessage() != null
        && sql.getMessage().contains("SQLITE_CONSTRAINT");
  }
}
