package dev.shelf.storage.postgres;

import dev.shelf.model.Field;
import dev.shelf.model.ListQuery;
import dev.shelf.model.Resource;
import dev.shelf.model.Sort;
import dev.shelf.model.TextKey;
import dev.shelf.storage.RecordPage;
import dev.shelf.storage.StoreException;
import dev.shelf.storage.StoredRecord;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * The SQL for one resource on PostgreSQL, and the mapping of its rows to the API's JSON. Every
 * statement is parameterised; table and column names come only from the {@link Resource}. Writes
 * answer the stored row with {@code RETURNING}, in the same statement.
 */
final class PgRecords {

  private final Resource resource;
  private final PgColumns columns;
  private final String selectById;
  private final String insert;

  PgRecords(Resource resource) {
    this.resource = resource;
    this.columns = new PgColumns(resource);
    this.selectById = "SELECT " + columns.selected + " FROM " + resource.table() + " WHERE id = $1 AND version > 0";
    StringBuilder values = new StringBuilder();
    for (int i = 1; i <= columns.storedNames.size() + 2; i++) {
      values.append("$").append(i).append(", ");
    }
    this.insert = "INSERT INTO " + resource.table() + " (" + String.join(", ", columns.storedNames)
        + ", created_at, updated_at, version) VALUES (" + values + "1) RETURNING " + columns.selected;
  }

  Resource resource() {
    return resource;
  }

  Future<StoredRecord> get(SqlClient db, long id) {
    return db.preparedQuery(selectById).execute(Tuple.of(id)).map(rows -> one(rows, id));
  }

  Future<RecordPage> list(SqlClient db, ListQuery query) {
    PgListSql sql = PgListSql.of(resource, columns.selected, query);
    return db.preparedQuery(sql.text()).execute(sql.params()).map(rows -> {
      List<StoredRecord> items = new ArrayList<>();
      rows.forEach(row -> items.add(toRecord(row)));
      boolean hasMore = items.size() > query.limit();
      List<StoredRecord> page = hasMore ? items.subList(0, query.limit()) : items;
      // A rank is no field of the record: the page carries its last row's (the column after version).
      return new RecordPage(page, hasMore,
          query.sort() == Sort.RELEVANCE ? PgSearch.lastKey(rows, page.size(), columns.fieldNames.size() + 4) : null);
    });
  }

  Future<Long> count(SqlClient db) {
    return db.query("SELECT count(*) FROM " + resource.table() + " WHERE version > 0").execute()
        .map(rows -> rows.iterator().next().getLong(0));
  }

  Future<StoredRecord> insert(SqlClient db, JsonObject values, String now) {
    return db.preparedQuery(insert).execute(insertParams(values, now))
        .map(rows -> toRecord(rows.iterator().next()));
  }

  /** See {@link PgBulkInsert#insertAll}. */
  Future<List<Long>> insertAll(SqlClient db, List<JsonObject> rows, String now, int version) {
    return PgBulkInsert.insertAll(db, columns, rows, now, version);
  }

  private Tuple insertParams(JsonObject values, String now) {
    Tuple params = Tuple.tuple();
    resource.fields().forEach(field -> params.addValue(PgColumns.value(field, values.getValue(field.name()))));
    columns.textFields().forEach(field -> params.addString(TextKey.of(values.getString(field.name()))));
    return params.addString(now).addString(now);
  }

  /**
   * Sets the fields present in {@code values} and bumps the version, in one statement that checks
   * the expected version when given: {@code UPDATE … WHERE id = $n AND version = $m RETURNING …}.
   * When it touches no row, a second read tells a missing record (404) from a moved one (412).
   */
  Future<StoredRecord> update(SqlClient db, long id, JsonObject values, List<Long> expectedVersion, String now) {
    List<Field> fields = resource.fields().stream().filter(field -> values.containsKey(field.name())).toList();
    Tuple params = Tuple.tuple();
    List<String> sets = new ArrayList<>();
    for (Field field : fields) {
      params.addValue(PgColumns.value(field, values.getValue(field.name())));
      sets.add(field.name() + " = $" + params.size());
      if (field.kind() == Field.Kind.TEXT) {
        params.addString(TextKey.of(values.getString(field.name())));
        sets.add(TextKey.column(field.name()) + " = $" + params.size());
      }
    }
    params.addString(now).addLong(id);
    int n = params.size();
    String sql = "UPDATE " + resource.table() + " SET " + String.join(", ", sets)
        + ", updated_at = $" + (n - 1) + ", version = version + 1 WHERE id = $" + n + " AND version > 0"
        + versionCondition(expectedVersion, params, n + 1) + " RETURNING " + columns.selected;
    return db.preparedQuery(sql).execute(params).compose(rows -> rows.size() == 1
        ? Future.succeededFuture(toRecord(rows.iterator().next()))
        : missingOrChanged(db, id));
  }

  /** A record whose version must match (when given), read without changing it: an update without fields. */
  Future<StoredRecord> check(SqlClient db, long id, List<Long> expectedVersion) {
    return get(db, id).compose(record -> !expectedVersion.isEmpty() && !expectedVersion.contains(record.version())
        ? Future.failedFuture(StoreException.versionMismatch(record.version()))
        : Future.succeededFuture(record));
  }

  Future<Void> delete(SqlClient db, long id, List<Long> expectedVersion) {
    Tuple params = Tuple.of(id);
    String sql = "DELETE FROM " + resource.table() + " WHERE id = $1 AND version > 0" + versionCondition(expectedVersion, params, 2)
        + " RETURNING id";
    return db.preparedQuery(sql).execute(params).compose(rows -> rows.size() == 1
        ? Future.<Void>succeededFuture()
        : missingOrChanged(db, id));
  }

  /** Deletes every record titled exactly {@code title}; answers their ids, in order. */
  Future<List<Long>> deleteByTitle(SqlClient db, String title) {
    if (title.indexOf('\0') >= 0) {
      return Future.succeededFuture(List.of());
    }
    return db.preparedQuery("DELETE FROM " + resource.table() + " WHERE title = $1 AND version > 0 RETURNING id")
        .execute(Tuple.of(title))
        .map(rows -> {
          List<Long> ids = new ArrayList<>();
          rows.forEach(row -> ids.add(row.getLong(0)));
          ids.sort(null);
          return ids;
        });
  }

  /** The If-Match condition: the record is at one of {@code expected} (any version when empty). */
  private static String versionCondition(List<Long> expected, Tuple params, int index) {
    if (expected.isEmpty()) {
      return "";
    }
    params.addArrayOfLong(expected.toArray(Long[]::new));
    return " AND version = ANY($" + index + "::bigint[])";
  }

  /** A single call's expected version as the list a batch operation carries. */
  static List<Long> versions(OptionalLong expected) {
    return expected.isPresent() ? List.of(expected.getAsLong()) : List.of();
  }

  /** Why a change touched nothing: the record is gone (404) or has moved on (412 with its version). */
  private <T> Future<T> missingOrChanged(SqlClient db, long id) {
    return db.preparedQuery("SELECT version FROM " + resource.table() + " WHERE id = $1 AND version > 0")
        .execute(Tuple.of(id)).compose(rows -> Future.failedFuture(rows.size() == 0
            ? notFound(id)
            : StoreException.versionMismatch(rows.iterator().next().getLong(0))));
  }

  private StoredRecord one(RowSet<Row> rows, long id) {
    if (rows.size() == 0) {
      throw notFound(id);
    }
    return toRecord(rows.iterator().next());
  }

  private StoreException notFound(long id) {
    return new StoreException(StoreException.Kind.NOT_FOUND, "no " + resource.singular() + " with id " + id);
  }

  private StoredRecord toRecord(Row row) {
    return columns.toRecord(row);
  }
}
