package dev.shelf.storage;

import dev.shelf.model.Field;
import dev.shelf.model.ListQuery;
import dev.shelf.model.Resource;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The SQL for one resource. Every statement is parameterised; table and column names come only
 * from the {@link Resource} description, never from a request.
 */
final class ResourceStore {

  private static final DateTimeFormatter TIMESTAMP =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  private final Resource resource;
  private final Database db;
  private final String table;
  private final String columns;
  private final String selectById;

  ResourceStore(Resource resource, Database db) {
    this.resource = resource;
    this.db = db;
    this.table = resource.table();
    this.columns = "id, " + resource.fields().stream().map(Field::name).collect(Collectors.joining(", "))
        + ", created_at, updated_at, version";
    this.selectById = "SELECT " + columns + " FROM " + table + " WHERE id = ?";
  }

  Future<JsonObject> get(long id) {
    return db.readers().preparedQuery(selectById).execute(Tuple.of(id)).map(this::single);
  }

  Future<JsonObject> list(ListQuery query) {
    ListSql sql = ListSql.of(resource, columns, query);
    return db.readers().preparedQuery(sql.text()).execute(sql.params()).map(rows -> {
      JsonArray items = new JsonArray();
      for (Row row : rows) {
        if (items.size() < query.limit()) {
          items.add(toRecord(row));
        }
      }
      return new JsonObject().put("items", items).put("hasMore", rows.size() > query.limit());
    });
  }

  Future<JsonObject> create(JsonObject values) {
    String now = now();
    List<String> names = resource.fields().stream().map(Field::name).toList();
    String sql = "INSERT INTO " + table + " (" + String.join(", ", names)
        + ", created_at, updated_at, version) VALUES (" + "?, ".repeat(names.size()) + "?, ?, 1)";
    Tuple params = Tuple.tuple();
    names.forEach(name -> params.addValue(values.getValue(name)));
    params.addValue(now).addValue(now);
    return db.write(conn -> conn.preparedQuery(sql).execute(params)
        .compose(inserted -> conn.preparedQuery("SELECT " + columns + " FROM " + table
            + " WHERE id = last_insert_rowid()").execute())
        .map(this::single));
  }

  /** Sets the given fields (all of them for a replace, some for a patch) and bumps the version. */
  Future<JsonObject> update(long id, JsonObject values) {
    List<String> names = resource.fields().stream().map(Field::name).filter(values::containsKey).toList();
    StringBuilder sets = new StringBuilder();
    Tuple params = Tuple.tuple();
    for (String name : names) {
      sets.append(name).append(" = ?, ");
      params.addValue(values.getValue(name));
    }
    String sql = "UPDATE " + table + " SET " + sets + "updated_at = ?, version = version + 1 WHERE id = ?";
    params.addValue(now()).addValue(id);
    return db.write(conn -> conn.preparedQuery(sql).execute(params)
        .compose(updated -> requireRow(updated, id))
        .compose(found -> conn.preparedQuery(selectById).execute(Tuple.of(id)))
        .map(this::single));
  }

  Future<JsonObject> delete(long id) {
    return db.write(conn -> conn.preparedQuery("DELETE FROM " + table + " WHERE id = ?").execute(Tuple.of(id))
        .compose(deleted -> requireRow(deleted, id))
        .map(deleted -> new JsonObject().put("deleted", 1)));
  }

  /** Deletes every record whose title is exactly {@code title}; answers the count and their ids. */
  Future<JsonObject> deleteByTitle(String title) {
    return db.write(conn -> selectIds(conn, title).compose(ids -> conn
        .preparedQuery("DELETE FROM " + table + " WHERE title = ?").execute(Tuple.of(title))
        .map(deleted -> new JsonObject().put("deleted", deleted.rowCount()).put("ids", ids))));
  }

  private Future<JsonArray> selectIds(SqlConnection conn, String title) {
    return conn.preparedQuery("SELECT id FROM " + table + " WHERE title = ? ORDER BY id")
        .execute(Tuple.of(title))
        .map(rows -> {
          JsonArray ids = new JsonArray();
          rows.forEach(row -> ids.add(row.getLong(0)));
          return ids;
        });
  }

  private Future<Void> requireRow(RowSet<Row> changed, long id) {
    return changed.rowCount() == 0 ? Future.failedFuture(notFound(id)) : Future.succeededFuture();
  }

  private JsonObject single(RowSet<Row> rows) {
    if (rows.size() == 0) {
      throw new StorageException(StorageContract.NOT_FOUND, "no such " + resource.singular());
    }
    return toRecord(rows.iterator().next());
  }

  private StorageException notFound(long id) {
    return new StorageException(StorageContract.NOT_FOUND, "no " + resource.singular() + " with id " + id);
  }

  private JsonObject toRecord(Row row) {
    JsonObject record = new JsonObject().put("id", row.getLong("id"));
    for (Field field : resource.fields()) {
      record.put(field.name(), field.kind() == Field.Kind.YEAR
          ? row.getInteger(field.name()) : row.getString(field.name()));
    }
    return record
        .put("createdAt", row.getString("created_at"))
        .put("updatedAt", row.getString("updated_at"))
        .put("version", row.getInteger("version"));
  }

  private static String now() {
    return TIMESTAMP.format(Instant.now());
  }
}
