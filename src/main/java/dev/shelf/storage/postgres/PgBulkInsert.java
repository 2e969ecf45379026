package dev.shelf.storage.postgres;

import dev.shelf.model.Field;
import dev.shelf.model.TextKey;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;

/**
 * Inserts many rows with ONE statement ({@code INSERT … SELECT FROM unnest(arrays)}): one round
 * trip however many rows, where a batch of single-row inserts costs one per row.
 */
final class PgBulkInsert {

  private PgBulkInsert() {
  }

  /**
   * Inserts {@code rows} at {@code version} (negative for a chunk of an import, hidden until it
   * commits); answers the new ids, lowest first.
   */
  static Future<List<Long>> insertAll(SqlClient db, PgColumns columns, List<JsonObject> rows, String now, int version) {
    if (rows.isEmpty()) {
      return Future.succeededFuture(List.of());
    }
    Tuple params = Tuple.tuple();
    List<String> casts = new ArrayList<>();
    for (Field field : columns.resource.fields()) {
      if (field.kind() == Field.Kind.YEAR) {
        params.addArrayOfInteger(rows.stream().map(values -> (Integer) PgColumns.value(field, values.getValue(field.name())))
            .toArray(Integer[]::new));
        casts.add("$" + params.size() + "::integer[]");
      } else {
        params.addArrayOfString(rows.stream().map(values -> (String) PgColumns.value(field, values.getValue(field.name())))
            .toArray(String[]::new));
        casts.add("$" + params.size() + "::text[]");
      }
    }
    for (Field field : columns.textFields()) {
      params.addArrayOfString(rows.stream().map(values -> TextKey.of(values.getString(field.name())))
          .toArray(String[]::new));
      casts.add("$" + params.size() + "::text[]");
    }
    params.addString(now);
    int nowAt = params.size();
    params.addInteger(version);
    String sql = "INSERT INTO " + columns.resource.table() + " (" + String.join(", ", columns.storedNames)
        + ", created_at, updated_at, version) SELECT r.*, $" + nowAt + "::text, $" + nowAt + "::text, $" + params.size()
        + "::integer FROM unnest(" + String.join(", ", casts) + ") AS r RETURNING id";
    return db.preparedQuery(sql).execute(params).map(result -> {
      List<Long> ids = new ArrayList<>(rows.size());
      result.forEach(row -> ids.add(row.getLong(0)));
      ids.sort(null);
      return ids;
    });
  }
}
