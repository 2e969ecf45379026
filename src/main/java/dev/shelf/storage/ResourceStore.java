package dev.shelf.storage;

import dev.shelf.model.Field;
import dev.shelf.model.ListQuery;
import dev.shelf.model.Resource;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The SQL for one resource. Every statement is parameterised; table and column names come only
 * from the {@link Resource} description, never from a request. Reads go to the reader pool,
 * writes to the group-committed writer; each write reads back what it stored in the same
 * transaction, so the reply is exactly the committed row, and numbers the change events that
 * {@link ChangeFeed} publishes once it committed.
 */
final class ResourceStore {

  private static final DateTimeFormatter TIMESTAMP =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  private final Resource resource;
  private final Database db;
  private final ChangeFeed feed;
  private final String table;
  private final String columns;
  private final String selectById;
  private final String selectLastInserted;
  private final String insert;
  private final List<String> fieldNames;

  ResourceStore(Resource resource, Database db, ChangeFeed feed) {
    this.resource = resource;
    this.db = db;
    this.feed = feed;
    this.table = resource.table();
    this.fieldNames = resource.fields().stream().map(Field::name).toList();
    this.columns = "id, " + String.join(", ", fieldNames) + ", created_at, updated_at, version";
    this.selectById = "SELECT " + columns + " FROM " + table + " WHERE id = ?";
    this.selectLastInserted = "SELECT " + columns + " FROM " + table + " WHERE id = last_insert_rowid()";
    this.insert = "INSERT INTO " + table + " (" + String.join(", ", fieldNames)
        + ", created_at, updated_at, version) VALUES (" + "?, ".repeat(fieldNames.size()) + "?, ?, 1)";
  }

  Future<JsonObject> get(long id) {
    return db.read(c -> one(c, id));
  }

  Future<JsonObject> list(ListQuery query) {
    ListSql sql = ListSql.of(resource, columns, query);
    return db.read(c -> {
      List<JsonObject> rows = c.query(sql.text(), sql.params(), this::toRecord);
      boolean hasMore = rows.size() > query.limit();
      JsonArray items = new JsonArray(new ArrayList<>(hasMore ? rows.subList(0, query.limit()) : rows));
      return new JsonObject().put("items", items).put("hasMore", hasMore);
    });
  }

  Future<JsonObject> create(JsonObject values) {
    String now = now();
    return write(StorageContract.CREATED, c -> Change.of(insertOne(c, values, now)));
  }

  /**
   * Inserts every row in one write (one savepoint of one group commit): all of them are stored, or
   * none. Numbers one created event per row, like a create each.
   */
  Future<JsonObject> importAll(List<JsonObject> rows) {
    String now = now();
    return write(StorageContract.CREATED, c -> {
      List<JsonObject> created = new ArrayList<>(rows.size());
      for (JsonObject values : rows) {
        created.add(insertOne(c, values, now));
      }
      return new Change(new JsonObject().put("imported", rows.size()), created);
    });
  }

  /** Inserts one record inside the current write and reads back exactly what was stored. */
  private JsonObject insertOne(SqliteConnection c, JsonObject values, String now) throws SQLException {
    List<Object> params = new ArrayList<>();
    fieldNames.forEach(name -> params.add(values.getValue(name)));
    params.add(now);
    params.add(now);
    c.update(insert, params);
    return c.query(selectLastInserted, List.of(), this::toRecord).get(0);
  }

  /** The number of rows in the table, read on a reader connection. */
  Future<Long> count() {
    return db.read(c -> c.query("SELECT count(*) FROM " + table, List.of(), row -> row.getLong(1)).get(0));
  }

  /**
   * Sets the given fields (all of them for a replace, some for a patch) and bumps the version; with
   * {@code expectedVersion}, only if the record is still at it. No fields means no change.
   */
  Future<JsonObject> update(long id, JsonObject values, Long expectedVersion) {
    List<String> names = fieldNames.stream().filter(values::containsKey).toList();
    if (names.isEmpty()) {
      return db.read(c -> checkVersion(one(c, id), expectedVersion));
    }
    List<Object> params = new ArrayList<>();
    names.forEach(name -> params.add(values.getValue(name)));
    params.add(now());
    params.add(id);
    String sql = "UPDATE " + table + " SET "
        + names.stream().map(name -> name + " = ?, ").collect(Collectors.joining())
        + "updated_at = ?, version = version + 1 WHERE id = ?" + versionCondition(expectedVersion, params);
    return write(StorageContract.UPDATED, c -> {
      if (c.update(sql, params) == 0) {
        throw missingOrChanged(c, id);
      }
      return Change.of(one(c, id));
    });
  }

  Future<JsonObject> delete(long id, Long expectedVersion) {
    List<Object> params = new ArrayList<>(List.of(id));
    String sql = "DELETE FROM " + table + " WHERE id = ?" + versionCondition(expectedVersion, params);
    return write(StorageContract.DELETED, c -> {
      if (c.update(sql, params) == 0) {
        throw missingOrChanged(c, id);
      }
      return new Change(new JsonObject().put("deleted", 1), List.of(new JsonObject().put("id", id)));
    });
  }

  private static String versionCondition(Long expectedVersion, List<Object> params) {
    if (expectedVersion == null) {
      return "";
    }
    params.add(expectedVersion);
    return " AND version = ?";
  }

  /** Why a conditional change touched nothing: the record is gone (404) or has moved on (412). */
  private StorageException missingOrChanged(SqliteConnection c, long id) throws SQLException {
    JsonObject current = one(c, id);
    return new StorageException(StorageContract.VERSION_MISMATCH, String.valueOf(current.getInteger("version")));
  }

  private static JsonObject checkVersion(JsonObject record, Long expectedVersion) {
    if (expectedVersion != null && record.getInteger("version") != expectedVersion.longValue()) {
      throw new StorageException(StorageContract.VERSION_MISMATCH, String.valueOf(record.getInteger("version")));
    }
    return record;
  }

  /** Deletes every record whose title is exactly {@code title}; answers the count and their ids. */
  Future<JsonObject> deleteByTitle(String title) {
    return write(StorageContract.DELETED, c -> {
      List<Long> ids = c.query("SELECT id FROM " + table + " WHERE title = ? ORDER BY id", List.of(title),
          row -> row.getLong(1));
      int deleted = c.update("DELETE FROM " + table + " WHERE title = ?", List.of(title));
      return new Change(new JsonObject().put("deleted", deleted).put("ids", new JsonArray(new ArrayList<>(ids))),
          ids.stream().map(id -> new JsonObject().put("id", id)).toList());
    });
  }

  /**
   * Runs {@code work} as one group-committed write that also numbers one event per record it
   * changed, and publishes those events once the write committed. Answers the write's reply.
   */
  private Future<JsonObject> write(String change, SqlWork<Change> work) {
    String type = StorageContract.eventType(resource, change);
    return db.write(c -> {
      Change done = work.run(c);
      return new Numbered(done.reply(), feed.number(c, type, done.data()));
    }, numbered -> feed.publish(numbered.events())).map(Numbered::reply);
  }

  /** What a change answers, and the data of the event for each record it changed. */
  private record Change(JsonObject reply, List<JsonObject> data) {
    static Change of(JsonObject record) {
      return new Change(record, List.of(record));
    }
  }

  private record Numbered(JsonObject reply, List<JsonObject> events) {
  }

  private JsonObject one(SqliteConnection c, long id) throws SQLException {
    List<JsonObject> rows = c.query(selectById, List.of(id), this::toRecord);
    if (rows.isEmpty()) {
      throw notFound(id);
    }
    return rows.get(0);
  }

  private StorageException notFound(long id) {
    return new StorageException(StorageContract.NOT_FOUND, "no " + resource.singular() + " with id " + id);
  }

  /** Maps a row selected as {@link #columns}: id, the resource's fields, created_at, updated_at, version. */
  private JsonObject toRecord(ResultSet row) throws SQLException {
    JsonObject record = new JsonObject().put("id", row.getLong(1));
    int column = 2;
    for (Field field : resource.fields()) {
      if (field.kind() == Field.Kind.YEAR) {
        int year = row.getInt(column);
        record.put(field.name(), row.wasNull() ? null : year);
      } else {
        record.put(field.name(), row.getString(column));
      }
      column++;
    }
    return record
        .put("createdAt", row.getString(column))
        .put("updatedAt", row.getString(column + 1))
        .put("version", row.getInt(column + 2));
  }

  private static String now() {
    return TIMESTAMP.format(Instant.now());
  }
}
