package dev.shelf.storage;

import dev.shelf.model.Resource;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A {@link RecordStore#batch} on SQLite: every operation runs in order inside ONE group-committed
 * write (one savepoint of the writer's transaction), reads included, so they see the batch's
 * earlier writes. A failing operation throws out of the write, which rolls the whole savepoint
 * back; its index travels with the failure ({@link OperationFailed}). Each operation's events, as
 * its single call would number them (one per record, one summary for a delete by title), are
 * numbered in the same write, and all are published only after the COMMIT.
 */
final class SqliteBatch {

  /** The operation at {@code index} failed; the cause is its own failure. Nothing was applied. */
  static final class OperationFailed extends SQLException {
    private final int index;

    OperationFailed(int index, Throwable cause) {
      super("batch operation " + index + " failed", cause);
      this.index = index;
    }

    int index() {
      return index;
    }
  }

  private record Done(List<BatchResult> results, List<JsonObject> events) {
  }

  private final Database db;
  private final Map<Resource, ResourceStore> stores;
  private final ChangeFeed feed;

  SqliteBatch(Database db, Map<Resource, ResourceStore> stores, ChangeFeed feed) {
    this.db = db;
    this.stores = stores;
    this.feed = feed;
  }

  Future<List<BatchResult>> run(List<BatchOp> ops) {
    return db.write(c -> {
      List<BatchResult> results = new ArrayList<>(ops.size());
      List<JsonObject> events = new ArrayList<>();
      for (int i = 0; i < ops.size(); i++) {
        try {
          results.add(apply(c, ops.get(i), events));
        } catch (Exception e) {
          throw new OperationFailed(i, e);
        }
      }
      return new Done(results, events);
    }, done -> feed.publish(done.events())).map(Done::results);
  }

  private BatchResult apply(SqliteConnection c, BatchOp op, List<JsonObject> events) throws SQLException {
    ResourceStore store = stores.get(op.resource());
    // Java 17: no pattern switch yet, so one instanceof per kind of operation.
    if (op instanceof BatchOp.Get get) {
      return new BatchResult.Record(new StoredRecord(store.one(c, get.id())));
    }
    if (op instanceof BatchOp.ListRecords list) {
      return new BatchResult.Page(store.page(c, list.query()));
    }
    if (op instanceof BatchOp.Create create) {
      ResourceStore.Change<JsonObject> change = store.createIn(c, create.values());
      events.addAll(number(c, op, ChangeEvents.CREATED, change));
      return new BatchResult.Record(new StoredRecord(change.result()));
    }
    if (op instanceof BatchOp.Update update) {
      ResourceStore.Change<JsonObject> change = store.updateIn(c, update.id(), update.values(), update.expectedVersions());
      events.addAll(number(c, op, ChangeEvents.UPDATED, change));
      return new BatchResult.Record(new StoredRecord(change.result()));
    }
    if (op instanceof BatchOp.Delete delete) {
      events.addAll(number(c, op, ChangeEvents.DELETED, store.deleteIn(c, delete.id(), delete.expectedVersions())));
      return new BatchResult.Deleted();
    }
    BatchOp.DeleteMatching matching = (BatchOp.DeleteMatching) op;
    ResourceStore.Change<Integer> change = store.deleteByTitleIn(c, matching.title());
    events.addAll(number(c, op, ChangeEvents.BULK_DELETED, change));
    return new BatchResult.Count(change.result());
  }

  private List<JsonObject> number(SqliteConnection c, BatchOp op, String change, ResourceStore.Change<?> done)
      throws SQLException {
    return feed.number(c, ChangeEvents.type(op.resource(), change), done.data());
  }
}
