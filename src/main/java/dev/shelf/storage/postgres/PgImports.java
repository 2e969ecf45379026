package dev.shelf.storage.postgres;

import dev.shelf.model.Resource;
import dev.shelf.storage.ChangeEvents;
import dev.shelf.storage.StagedImports;
import dev.shelf.storage.StoreException;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Staged imports on PostgreSQL, as the SQLite store does them: each chunk is one group-committed
 * write (one {@code INSERT … unnest}) at {@code version = -importId}, hidden from every read; the
 * commit is one {@code UPDATE … SET version = 1} over the import's id range. Import ids are
 * random: several nodes share the tables, and two open imports drawing the same id out of 2^31
 * is not a practical risk. Rows left hidden by a node that died mid-import are removed by any
 * node starting later, once they are older than {@link #ABANDONED_AFTER} (a live import on
 * another node is never that old).
 */
final class PgImports {

  static final Duration ABANDONED_AFTER = Duration.ofHours(1);

  private final PgWriter writer;
  private final Map<Resource, PgRecords> records;
  private final StagedImports open =
      new StagedImports(() -> ThreadLocalRandom.current().nextInt(1, Integer.MAX_VALUE));

  PgImports(PgWriter writer, Map<Resource, PgRecords> records) {
    this.writer = writer;
    this.records = records;
  }

  Future<Long> begin(Resource resource) {
    return Future.succeededFuture(open.begin(resource));
  }

  Future<Void> stage(Resource resource, long id, List<JsonObject> rows) {
    StagedImports.Staged staged = open.get(resource, id);
    if (rows.isEmpty()) {
      return Future.succeededFuture();
    }
    PgRecords table = records.get(resource);
    String now = PgColumns.now();
    String type = ChangeEvents.type(resource, ChangeEvents.IMPORTED);
    return writer.submit(conn -> table.insertAll(conn, rows, now, (int) staged.hiddenVersion())
        .map(ids -> new PgWrite.Changed<>(new StagedImports.Range(ids.get(0), ids.get(ids.size() - 1)), type,
            List.<JsonObject>of())))
        .onSuccess(range -> staged.add(range, rows.size()))
        .mapEmpty();
  }

  Future<Integer> commit(Resource resource, long id) {
    StagedImports.Staged staged = open.get(resource, id);
    int count = staged.count();
    if (count == 0) {
      open.remove(resource, id);
      return Future.succeededFuture(0);
    }
    long first = staged.first();
    long last = staged.last();
    String type = ChangeEvents.type(resource, ChangeEvents.IMPORTED);
    return writer.submit(conn -> conn.preparedQuery("UPDATE " + resource.table()
            + " SET version = 1 WHERE id BETWEEN $1 AND $2 AND version = $3")
        .execute(Tuple.of(first, last, (int) staged.hiddenVersion()))
        .compose(shown -> shown.rowCount() == count
            ? Future.succeededFuture(new PgWrite.Changed<>(count, type, List.of(new JsonObject()
                .put("count", count).put("firstId", first).put("lastId", last))))
            : Future.failedFuture(new StoreException(StoreException.Kind.FAILURE, "import " + id + " staged "
                + count + " rows but " + shown.rowCount() + " were found"))))
        .onSuccess(done -> open.remove(resource, id));
  }

  /** Deletes the staged rows one chunk per write. */
  Future<Void> abort(Resource resource, long id) {
    StagedImports.Staged staged = open.remove(resource, id);
    if (staged == null) {
      return Future.succeededFuture();
    }
    String type = ChangeEvents.type(resource, ChangeEvents.IMPORTED);
    Future<Void> chain = Future.succeededFuture();
    for (StagedImports.Range range : staged.ranges()) {
      chain = chain.compose(v -> writer.submit(conn -> conn.preparedQuery("DELETE FROM " + resource.table()
              + " WHERE id BETWEEN $1 AND $2 AND version = $3")
          .execute(Tuple.of(range.first(), range.last(), (int) staged.hiddenVersion()))
          .map(deleted -> new PgWrite.Changed<Void>(null, type, List.of())))).mapEmpty();
    }
    return chain;
  }

  /** Removes hidden rows older than {@link #ABANDONED_AFTER}; answers how many. */
  static Future<Integer> removeAbandoned(Pool pool, Iterable<Resource> resources) {
    String before = PgColumns.timestamp(Instant.now().minus(ABANDONED_AFTER));
    Future<Integer> chain = Future.succeededFuture(0);
    for (Resource resource : resources) {
      chain = chain.compose(removed -> pool.preparedQuery("DELETE FROM " + resource.table()
              + " WHERE version < 0 AND created_at < $1")
          .execute(Tuple.of(before)).map(rows -> removed + rows.rowCount()));
    }
    return chain;
  }
}
