package dev.shelf.storage;

import dev.shelf.model.Field;
import dev.shelf.model.ListQuery;
import dev.shelf.model.Resource;
import dev.shelf.model.Sort;
import dev.shelf.model.TextKey;
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
 * How one resource's records sit in its SQLite table: the columns a record is selected as, the
 * insert with its text keys, and the mapping of a row back to the record's JSON. Table and column
 * names come only from the {@link Resource} description, never from a request.
 */
final class RecordRows {

  private static final DateTimeFormatter TIMESTAMP =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  private final Resource resource;
  private final List<String> fieldNames;
  /** The text fields, each stored with its {@link TextKey} beside it. */
  private final List<String> keyedNames;
  /** id, the resource's fields, created_at, updated_at, version. */
  final String columns;
  /** Rows of an import not yet committed carry a negative version: no read or change sees them. */
  final String selectById;
  /** Inserts one row and returns it as {@link #columns}. */
  final String insert;

  RecordRows(Resource resource) {
    this.resource = resource;
    this.fieldNames = resource.fields().stream().map(Field::name).toList();
    this.keyedNames = KeyColumns.textFields(resource);
    this.columns = "id, " + String.join(", ", fieldNames) + ", created_at, updated_at, version";
    this.selectById = "SELECT " + columns + " FROM " + resource.table() + " WHERE id = ? AND version > 0";
    this.insert = "INSERT INTO " + resource.table() + " (" + String.join(", ", fieldNames) + ", "
        + String.join(", ", keyedNames.stream().map(TextKey::column).toList())
        + ", created_at, updated_at, version) VALUES ("
        + "?, ".repeat(fieldNames.size() + keyedNames.size()) + "?, ?, ?) RETURNING " + columns;
  }

  /** The parameters of {@link #insert}. */
  List<Object> insertParams(JsonObject values, String now, long version) {
    List<Object> params = new ArrayList<>();
    fieldNames.forEach(name -> params.add(values.getValue(name)));
    keyedNames.forEach(name -> params.add(TextKey.of(values.getString(name))));
    params.add(now);
    params.add(now);
    params.add(version);
    return params;
  }

  /** Whether {@code values} sets any field of the record. */
  boolean setsAny(JsonObject values) {
    return fieldNames.stream().anyMatch(values::containsKey);
  }

  /**
   * The UPDATE of the fields {@code values} sets (with their text keys), {@code updated_at} and the
   * version, of row {@code id} when visible; its parameters are added to {@code params}.
   */
  String update(JsonObject values, String now, long id, List<Object> params) {
    List<String> names = fieldNames.stream().filter(values::containsKey).toList();
    List<String> keyed = keyedNames.stream().filter(values::containsKey).toList();
    names.forEach(name -> params.add(values.getValue(name)));
    keyed.forEach(name -> params.add(TextKey.of(values.getString(name))));
    params.add(now);
    params.add(id);
    return "UPDATE " + resource.table() + " SET "
        + names.stream().map(name -> name + " = ?, ").collect(Collectors.joining())
        + keyed.stream().map(name -> TextKey.column(name) + " = ?, ").collect(Collectors.joining())
        + "updated_at = ?, version = version + 1 WHERE id = ? AND version > 0";
  }

  /** Maps a row selected as {@link #columns}. */
  JsonObject toRecord(ResultSet row) throws SQLException {
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

  /** A page of {@code sql}'s rows: one more row than the limit was asked for, to know there are more. */
  RecordPage page(SqliteConnection c, ListSql sql, ListQuery query) throws SQLException {
    if (query.sort() == Sort.RELEVANCE) {
      return ranked(c.query(sql.text(), sql.params(), this::toRanked), query.limit());
    }
    List<StoredRecord> found = c.query(sql.text(), sql.params(), row -> new StoredRecord(toRecord(row)));
    boolean hasMore = found.size() > query.limit();
    return new RecordPage(hasMore ? List.copyOf(found.subList(0, query.limit())) : found, hasMore);
  }

  /** A page in relevance order, whose last key carries the rank the index gave its last row. */
  private static RecordPage ranked(List<Ranked> rows, int limit) {
    boolean hasMore = rows.size() > limit;
    List<Ranked> page = hasMore ? rows.subList(0, limit) : rows;
    JsonObject lastKey = page.isEmpty() ? null : new JsonObject()
        .put("value", page.get(page.size() - 1).rank()).put("id", page.get(page.size() - 1).record().id());
    return new RecordPage(page.stream().map(Ranked::record).toList(), hasMore, lastKey);
  }

  private record Ranked(StoredRecord record, double rank) {
  }

  /** A search's row: the record's columns, then the rank the index gave it. */
  private Ranked toRanked(ResultSet row) throws SQLException {
    return new Ranked(new StoredRecord(toRecord(row)), row.getDouble(fieldNames.size() + 5));
  }

  static String now() {
    return TIMESTAMP.format(Instant.now());
  }
}
