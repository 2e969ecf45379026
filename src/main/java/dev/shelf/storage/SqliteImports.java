package dev.shelf.storage;

import dev.shelf.model.Resource;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Staged imports on SQLite ({@link RecordStore#beginImport}): each chunk is one group-committed
 * write inserting its rows at {@code version = -importId}, so other writes take turns between
 * chunks; the commit is one {@code UPDATE … SET version = 1} over the import's id range. Measured
 * on this machine (200,000 rows): a chunk of 2,000 rows takes about 50-100 ms of the writer, the
 * commit a few hundred, where one transaction for all rows held it for seconds.
 */
final class SqliteImports {

  private final Database db;
  private final Map<Resource, ResourceStore> stores;
  /** Counts from 1 at each start: the start removes every row a previous run left hidden. */
  private final AtomicLong ids = new AtomicLong();
  private final StagedImports open = new StagedImports(ids::incrementAndGet);

  SqliteImports(Database db, Map<Resource, ResourceStore> stores) {
    this.db = db;
    this.stores = stores;
  }

  Future<Long> begin(Resource resource) {
    return Future.succeededFuture(open.begin(resource));
  }

  Future<Void> stage(Resource resource, long id, List<JsonObject> rows) {
    StagedImports.Staged staged;
    try {
      staged = open.get(resource, id);
    } catch (StoreException e) {
      return Future.failedFuture(e);
    }
    if (rows.isEmpty()) {
      return Future.succeededFuture();
    }
    ResourceStore store = stores.get(resource);
    String now = ResourceStore.now();
    return db.write(c -> {
      long first = Long.MAX_VALUE;
      long last = Long.MIN_VALUE;
      for (JsonObject values : rows) {
        long inserted = store.insertHidden(c, values, now, staged.hiddenVersion());
        first = Math.min(first, inserted);
        last = Math.max(last, inserted);
      }
      return new StagedImports.Range(first, last);
    }).onSuccess(range -> staged.add(range, rows.size())).mapEmpty();
  }

  Future<Integer> commit(Resource resource, long id) {
    StagedImports.Staged staged;
    try {
      staged = open.get(resource, id);
    } catch (StoreException e) {
      return Future.failedFuture(e);
    }
    int count = staged.count();
    if (count == 0) {
      open.remove(resource, id);
      return Future.succeededFuture(0);
    }
    long first = staged.first();
    long last = staged.last();
    return stores.get(resource).write(ChangeEvents.IMPORTED, c -> {
      int shown = c.update("UPDATE " + resource.table() + " SET version = 1 WHERE id BETWEEN ? AND ? AND version = ?",
          List.of(first, last, staged.hiddenVersion()));
      if (shown != count) {
        // Cannot happen while nothing else touches hidden rows; refuse rather than show a part.
        throw new StoreException(StoreException.Kind.FAILURE, "import " + id + " staged " + count
            + " rows but " + shown + " were found");
      }
      return new ResourceStore.Change<>(count, List.of(new JsonObject()
          .put("count", count).put("firstId", first).put("lastId", last)));
    }).onSuccess(done -> open.remove(resource, id));
  }

  /** Deletes the staged rows one chunk per write, so an abort does not hold the writer either. */
  Future<Void> abort(Resource resource, long id) {
    StagedImports.Staged staged = open.remove(resource, id);
    if (staged == null) {
      return Future.succeededFuture();
    }
    Future<Void> chain = Future.succeededFuture();
    for (StagedImports.Range range : staged.ranges()) {
      chain = chain.compose(v -> db.write(c -> c.update("DELETE FROM " + resource.table()
          + " WHERE id BETWEEN ? AND ? AND version = ?", List.of(range.first(), range.last(), staged.hiddenVersion()))))
          .mapEmpty();
    }
    return chain;
  }

  /** Removes the rows of imports a previous run left hidden (a crash mid-import); answers how many. */
  Future<Integer> removeAbandoned() {
    return db.write(c -> {
      int removed = 0;
      for (Resource resource : stores.keySet()) {
        removed += c.update("DELETE FROM " + resource.table() + " WHERE version < 0", List.of());
      }
      return removed;
    });
  }
}
