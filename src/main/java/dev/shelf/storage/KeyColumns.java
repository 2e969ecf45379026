package dev.shelf.storage;

import dev.shelf.model.Field;
import dev.shelf.model.Resource;
import dev.shelf.model.TextKey;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;

/**
 * Schema version 3: a {@link TextKey} column beside every text field ({@code title_key},
 * {@code author_key}…), filled for the rows already there, and the title sort index moved from
 * {@code title COLLATE NOCASE} (ASCII-only folding) to {@code (title_key, id)}. Shelf writes the keys
 * with every insert and update from then on (see {@link ResourceStore}).
 */
final class KeyColumns {

  /** Rows re-keyed per statement batch, so a large table is never held in memory at once. */
  private static final int CHUNK = 5_000;

  private KeyColumns() {
  }

  static Migrations.Task addTo(Resource resource) {
    String t = resource.table();
    List<String> fields = textFields(resource);
    List<Migrations.Step> steps = new ArrayList<>();
    fields.forEach(f -> steps.add(Migrations.sql(
        "ALTER TABLE " + t + " ADD COLUMN " + TextKey.column(f) + " TEXT NOT NULL DEFAULT ''")));
    steps.add(conn -> fill(conn, resource, fields, 0));
    steps.add(Migrations.sql("DROP INDEX " + t + "_title_sort"));
    steps.add(Migrations.sql("CREATE INDEX " + t + "_title_key_sort ON " + t + " (" + TextKey.column("title") + ", id)"));
    return new Migrations.Task(t, steps);
  }

  static List<String> textFields(Resource resource) {
    return resource.fields().stream().filter(f -> f.kind() == Field.Kind.TEXT).map(Field::name).toList();
  }

  /** Computes the keys of the rows after {@code afterId}, a chunk at a time, in id order. */
  private static Future<Void> fill(SqlConnection conn, Resource resource, List<String> fields, long afterId) {
    String t = resource.table();
    String select = "SELECT id, " + String.join(", ", fields) + " FROM " + t + " WHERE id > ? ORDER BY id LIMIT " + CHUNK;
    String update = "UPDATE " + t + " SET "
        + String.join(", ", fields.stream().map(f -> TextKey.column(f) + " = ?").toList()) + " WHERE id = ?";
    return conn.preparedQuery(select).execute(Tuple.of(afterId)).compose(rows -> {
      if (rows.size() == 0) {
        return Future.succeededFuture();
      }
      List<Tuple> batch = new ArrayList<>(rows.size());
      long last = afterId;
      for (Row row : rows) {
        Tuple keys = Tuple.tuple();
        fields.forEach(f -> keys.addString(TextKey.of(row.getString(f))));
        last = row.getLong("id");
        batch.add(keys.addLong(last));
      }
      long next = last;
      return conn.preparedQuery(update).executeBatch(batch).compose(done -> fill(conn, resource, fields, next));
    });
  }
}
