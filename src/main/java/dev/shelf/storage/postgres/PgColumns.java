package dev.shelf.storage.postgres;

import dev.shelf.model.Field;
import dev.shelf.model.Resource;
import dev.shelf.model.TextKey;
import dev.shelf.storage.StoreException;
import dev.shelf.storage.StoredRecord;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * How one resource's records sit in their PostgreSQL table: the columns a record is selected as,
 * what an insert writes (the fields, then the {@link TextKey} of each text field), each value as
 * its column takes it, and a row back to the API's JSON. Names come only from the {@link Resource}.
 */
final class PgColumns {

  /** The same format as the SQLite store's: millisecond precision, UTC, a Z. */
  private static final DateTimeFormatter TIMESTAMP =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  final Resource resource;
  final List<String> fieldNames;
  /** What an insert writes: the fields, then their keys. */
  final List<String> storedNames;
  /** id, the resource's fields, created_at, updated_at, version. */
  final String selected;

  PgColumns(Resource resource) {
    this.resource = resource;
    this.fieldNames = resource.fields().stream().map(Field::name).toList();
    this.selected = "id, " + String.join(", ", fieldNames) + ", created_at, updated_at, version";
    List<String> stored = new ArrayList<>(fieldNames);
    textFields().forEach(field -> stored.add(TextKey.column(field.name())));
    this.storedNames = List.copyOf(stored);
  }

  /** The text fields: each is stored with its {@link TextKey} beside it (sort by title, q). */
  List<Field> textFields() {
    return resource.fields().stream().filter(field -> field.kind() == Field.Kind.TEXT).toList();
  }

  /** A value for its column; PostgreSQL text cannot hold U+0000, so such a value is refused as SQLite's constraints would be. */
  static Object value(Field field, Object value) {
    if (field.kind() == Field.Kind.YEAR) {
      return value == null ? null : ((Number) value).intValue();
    }
    String text = (String) value;
    if (text.indexOf('\0') >= 0) {
      throw new StoreException(StoreException.Kind.CONFLICT,
          field.name() + " contains the character U+0000, which PostgreSQL text cannot hold");
    }
    return text;
  }

  /** Maps a row selected as {@link #selected}. */
  StoredRecord toRecord(Row row) {
    JsonObject json = new JsonObject().put("id", row.getLong(0));
    int column = 1;
    for (Field field : resource.fields()) {
      json.put(field.name(), field.kind() == Field.Kind.YEAR ? row.getInteger(column) : row.getString(column));
      column++;
    }
    return new StoredRecord(json
        .put("createdAt", row.getString(column))
        .put("updatedAt", row.getString(column + 1))
        .put("version", row.getInteger(column + 2)));
  }

  static String now() {
    return timestamp(Instant.now());
  }

  /** {@code at} as the table's {@code created_at}/{@code updated_at} text. */
  static String timestamp(Instant at) {
    return TIMESTAMP.format(at);
  }
}
