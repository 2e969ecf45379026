package dev.shelf.storage;

import dev.shelf.model.ListQuery;
import dev.shelf.model.Resource;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.OptionalLong;

/**
 * The SQL for one resource. Every statement is parameterised; table and column names come only
 * from the {@link Resource} description, never from a request. Reads go to the reader pool,
 * writes to the group-committed writer; each write reads back what it stored in the same
 * transaction, so the reply is exactly the committed row, and numbers the change events that
 * {@link ChangeFeed} publishes once it committed.
 */
final class ResourceStore {

  private final Resource resource;
  private final Database db;
  private final ChangeFeed feed;
  private final String table;
  private final RecordRows rows;

  ResourceStore(Resource resource, Database db, ChangeFeed feed) {
    this.resource = resource;
    this.db = db;
    this.feed = feed;
    this.table = resource.table();
    this.rows = new RecordRows(resource);
  }

  Future<StoredRecord> get(long id) {
    return db.read(c -> new StoredRecord(one(c, id)));
  }

  Future<RecordPage> list(ListQuery query) {
    ListSql sql;
    try {
      sql = ListSql.of(resource, rows.columns, query);
    } catch (StoreException e) {
      return Future.failedFuture(e);
    }
    return db.read(c -> rows.page(c, sql, query));
  }

  /** One page read on {@code c}: a reader, or the writer inside a batch (which sees its own writes). */
  RecordPage page(SqliteConnection c, ListQuery query) throws SQLException {
    return rows.page(c, ListSql.of(resource, rows.columns, query), query);
  }

  Future<StoredRecord> create(JsonObject values) {
    String now = RecordRows.now();
    return write(ChangeEvents.CREATED, c -> Change.of(insertOne(c, values, now))).map(StoredRecord::new);
  }

  /** A create inside an open write (a batch's). */
  Change<JsonObject> createIn(SqliteConnection c, JsonObject values) throws SQLException {
    return Change.of(insertOne(c, values, RecordRows.now()));
  }

  /**
   * Inserts one record inside the current write and answers exactly what was stored, in the same
   * statement ({@code RETURNING}, SQLite 3.35+) rather than a second SELECT by last_insert_rowid().
   */
  private JsonObject insertOne(SqliteConnection c, JsonObject values, String now) throws SQLException {
    return c.query(rows.insert, rows.insertParams(values, now, 1), rows::toRecord).get(0);
  }

  /**
   * Inserts one row of an import, hidden at {@code version} (negative) until the import commits;
   * answers its id.
   */
  long insertHidden(SqliteConnection c, JsonObject values, String now, long version) throws SQLException {
    return c.query(rows.insert, rows.insertParams(values, now, version), row -> row.getLong(1)).get(0);
  }

  /** The number of rows in the table, read on a reader connection. */
  Future<Long> count() {
    return db.read(c -> c.query("SELECT count(*) FROM " + table + " WHERE version > 0", List.of(), row -> row.getLong(1)).get(0));
  }

  /**
   * Sets the given fields (all of them for a replace, some for a patch) and bumps the version; with
   * {@code expectedVersion}, only if the record is still at it. No fields means no change.
   */
  Future<StoredRecord> update(long id, JsonObject values, OptionalLong expectedVersion) {
    List<Long> expected = listed(expectedVersion);
    if (!rows.setsAny(values)) {
      return db.read(c -> new StoredRecord(checkVersion(one(c, id), expected)));
    }
    return write(ChangeEvents.UPDATED, c -> updateIn(c, id, values, expected)).map(StoredRecord::new);
  }

  /**
   * An update inside an open write, only if the record is at one of {@code expected} (any version
   * when empty). No fields: no change, the record is answered as it is (no event).
   */
  Change<JsonObject> updateIn(SqliteConnection c, long id, JsonObject values, List<Long> expected) throws SQLException {
    if (!rows.setsAny(values)) {
      return new Change<>(checkVersion(one(c, id), expected), List.of());
    }
    List<Object> params = new ArrayList<>();
    String sql = rows.update(values, RecordRows.now(), id, params) + versionCondition(expected, params);
    if (c.update(sql, params) == 0) {
      throw missingOrChanged(c, id);
    }
    return Change.of(one(c, id));
  }

  Future<Void> delete(long id, OptionalLong expectedVersion) {
    List<Long> expected = listed(expectedVersion);
    return write(ChangeEvents.DELETED, c -> deleteIn(c, id, expected)).mapEmpty();
  }

  /** A delete inside an open write, only if the record is at one of {@code expected} (any when empty). */
  Change<Void> deleteIn(SqliteConnection c, long id, List<Long> expected) throws SQLException {
    List<Object> params = new ArrayList<>(List.of(id));
    String sql = "DELETE FROM " + table + " WHERE id = ? AND version > 0" + versionCondition(expected, params);
    if (c.update(sql, params) == 0) {
      throw missingOrChanged(c, id);
    }
    return new Change<>(null, List.of(new JsonObject().put("id", id)));
  }

  private static List<Long> listed(OptionalLong expectedVersion) {
    return expectedVersion.isPresent() ? List.of(expectedVersion.getAsLong()) : List.of();
  }

  private static String versionCondition(List<Long> expected, List<Object> params) {
    if (expected.isEmpty()) {
      return "";
    }
    params.addAll(expected);
    return " AND version IN (" + String.join(", ", Collections.nCopies(expected.size(), "?")) + ")";
  }

  /** Why a conditional change touched nothing: the record is gone (NOT_FOUND) or has moved on. */
  private StoreException missingOrChanged(SqliteConnection c, long id) throws SQLException {
    return StoreException.versionMismatch(one(c, id).getLong("version"));
  }

  private static JsonObject checkVersion(JsonObject record, List<Long> expected) {
    if (!expected.isEmpty() && !expected.contains(record.getLong("version"))) {
      throw StoreException.versionMismatch(record.getLong("version"));
    }
    return record;
  }

  /**
   * Deletes every record whose title is exactly {@code title}; answers how many. Numbers ONE
   * {@code bulkDeleted} event with the count and the title (none when nothing matched), however
   * many records went.
   */
  Future<Integer> deleteByTitle(String title) {
    return write(ChangeEvents.BULK_DELETED, c -> deleteByTitleIn(c, title));
  }

  /** A delete by title inside an open write: the count, and ONE summary event's data (none when nothing matched). */
  Change<Integer> deleteByTitleIn(SqliteConnection c, String title) throws SQLException {
    int deleted = c.update("DELETE FROM " + table + " WHERE title = ? AND version > 0", List.of(title));
    return new Change<>(deleted, deleted == 0 ? List.of()
        : List.of(new JsonObject().put("count", deleted).put("title", title)));
  }

  /**
   * Runs {@code work} as one group-committed write that also numbers its events (one per record
   * for a single change, one summary for a bulk one), and publishes them once the write committed.
   * Answers the write's result.
   */
  <T> Future<T> write(String change, SqlWork<Change<T>> work) {
    String type = ChangeEvents.type(resource, change);
    return db.write(c -> {
      Change<T> done = work.run(c);
      return new Numbered<>(done.result(), feed.number(c, type, done.data()));
    }, numbered -> feed.publish(numbered.events())).map(Numbered::result);
  }

  /** What a change answers, and the data of each event it publishes. */
  record Change<T>(T result, List<JsonObject> data) {
    static Change<JsonObject> of(JsonObject record) {
      return new Change<>(record, List.of(record));
    }
  }

  private record Numbered<T>(T result, List<JsonObject> events) {
  }

  JsonObject one(SqliteConnection c, long id) throws SQLException {
    List<JsonObject> found = c.query(rows.selectById, List.of(id), rows::toRecord);
    if (found.isEmpty()) {
      throw notFound(id);
    }
    return found.get(0);
  }

  private StoreException notFound(long id) {
    return new StoreException(StoreException.Kind.NOT_FOUND, "no " + resource.singular() + " with id " + id);
  }

}
