package dev.shelf.storage.postgres;

import dev.shelf.model.Resource;
import dev.shelf.storage.BatchOp;
import dev.shelf.storage.BatchResult;
import dev.shelf.storage.ChangeEvents;
import dev.shelf.storage.StoreException;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A {@code RecordStore#batch} on PostgreSQL, as the SQLite store runs it: every operation in order
 * inside ONE write of a group commit (one savepoint), reads on the same connection so they see the
 * batch's earlier writes. The first failure fails the batch, which rolls the savepoint back, with
 * that operation's index. Events as the single calls make them (one per record, one summary for a
 * delete by title), in operation order, numbered with the rest of the transaction's.
 */
final class PgBatch {

  private PgBatch() {
  }

  static Future<PgWrite.Changed<List<BatchResult>>> run(SqlConnection conn, Map<Resource, PgRecords> records,
      List<BatchOp> ops) {
    List<BatchResult> results = new ArrayList<>(ops.size());
    List<JsonObject> events = new ArrayList<>();
    String now = PgColumns.now();
    Future<Void> chain = Future.succeededFuture();
    for (int i = 0; i < ops.size(); i++) {
      int index = i;
      BatchOp op = ops.get(i);
      chain = chain.compose(v -> apply(conn, records.get(op.resource()), op, now, events)
          .recover(e -> Future.failedFuture(PgErrors.classify(e) instanceof StoreException known
              ? known.atOperation(index) : PgErrors.classify(e)))
          .map(result -> {
            results.add(result);
            return null;
          }));
    }
    return chain.map(v -> new PgWrite.Changed<>(results, null, events));
  }

  private static Future<BatchResult> apply(SqlConnection conn, PgRecords table, BatchOp op, String now,
      List<JsonObject> events) {
    if (op instanceof BatchOp.Get get) {
      return table.get(conn, get.id()).map(BatchResult.Record::new);
    }
    if (op instanceof BatchOp.ListRecords list) {
      return table.list(conn, list.query()).map(BatchResult.Page::new);
    }
    if (op instanceof BatchOp.Create create) {
      return table.insert(conn, create.values(), now).map(record -> {
        events.add(event(op, ChangeEvents.CREATED, record.json()));
        return new BatchResult.Record(record);
      });
    }
    if (op instanceof BatchOp.Update update) {
      boolean noFields = op.resource().fields().stream().noneMatch(field -> update.values().containsKey(field.name()));
      if (noFields) {
        return table.check(conn, update.id(), update.expectedVersions()).map(BatchResult.Record::new);
      }
      return table.update(conn, update.id(), update.values(), update.expectedVersions(), now).map(record -> {
        events.add(event(op, ChangeEvents.UPDATED, record.json()));
        return new BatchResult.Record(record);
      });
    }
    if (op instanceof BatchOp.Delete delete) {
      return table.delete(conn, delete.id(), delete.expectedVersions()).map(deleted -> {
        events.add(event(op, ChangeEvents.DELETED, new JsonObject().put("id", delete.id())));
        return new BatchResult.Deleted();
      });
    }
    BatchOp.DeleteMatching matching = (BatchOp.DeleteMatching) op;
    return table.deleteByTitle(conn, matching.title()).map(ids -> {
      if (!ids.isEmpty()) {
        events.add(event(op, ChangeEvents.BULK_DELETED,
            new JsonObject().put("count", ids.size()).put("title", matching.title())));
      }
      return new BatchResult.Count(ids.size());
    });
  }

  private static JsonObject event(BatchOp op, String change, JsonObject data) {
    return new JsonObject().put("type", ChangeEvents.type(op.resource(), change)).put("data", data);
  }
}
