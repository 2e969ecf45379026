package dev.shelf.storage;

import dev.shelf.model.Field;
import dev.shelf.model.Resource;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;
import java.util.List;
import java.util.function.Supplier;

/**
 * Versioned schema changes. {@code PRAGMA user_version} records the last one applied; at start-up
 * each newer version runs in its own write transaction, so a database file is carried forward
 * without losing rows, and a failed step leaves it as it was. Add a version by appending to
 * {@link #VERSIONS}; never edit one that has shipped.
 */
final class Migrations {

  /** One step of a task: a statement, or work done in Java (such as filling a new column). */
  @FunctionalInterface
  interface Step {
    Future<?> run(SqlConnection conn);
  }

  /** One table's part of a version: a name for error messages and its steps, in order. */
  record Task(String table, List<Step> steps) {
    static Task sql(String table, List<String> statements) {
      return new Task(table, statements.stream().map(Migrations::sql).toList());
    }
  }

  /** Index {@code i} holds the tasks that bring the schema from version {@code i} to {@code i + 1}. */
  static final List<Supplier<List<Task>>> VERSIONS = List.of(
      () -> Resource.ALL.stream().map(Migrations::createTable).toList(),
      () -> List.of(eventSequence()),
      () -> Resource.ALL.stream().map(KeyColumns::addTo).toList(),
      () -> Resource.ALL.stream().map(SearchIndex::addTo).toList(),
      () -> Resource.ALL.stream().map(SearchIndex::addPrefixes).toList());

  private Migrations() {
  }

  static Future<Integer> apply(SchemaPool db) {
    return apply(db, VERSIONS.size());
  }

  /** Brings the schema up to {@code latest} only: tests build older databases with it. */
  static Future<Integer> apply(SchemaPool db, int latest) {
    return db.withWriter(Migrations::currentVersion).compose(current -> migrateFrom(db, current, latest));
  }

  static Step sql(String statement) {
    return conn -> conn.query(statement).execute();
  }

  private static Future<Integer> currentVersion(SqlConnection conn) {
    return conn.query("PRAGMA user_version").execute().map(rows -> rows.iterator().next().getInteger(0));
  }

  private static Future<Integer> migrateFrom(SchemaPool db, int current, int latest) {
    if (current > VERSIONS.size()) {
      return Future.failedFuture(new IllegalStateException("database schema version " + current
          + " is newer than this Shelf understands (" + VERSIONS.size() + "); use a newer Shelf"));
    }
    Future<Integer> chain = Future.succeededFuture(current);
    for (int version = current + 1; version <= latest; version++) {
      int target = version;
      // The version is read again under the write lock: another process (or a second instance
      // started with -instances) may have applied it while this one waited.
      chain = chain.compose(done -> db.write(conn -> currentVersion(conn)
          .compose(now -> now >= target ? Future.succeededFuture(now) : upgrade(conn, target))));
    }
    return chain;
  }

  /** Runs every table's task of one version concurrently; one failure fails it, naming the table. */
  private static Future<Integer> upgrade(SqlConnection conn, int version) {
    List<Future<Void>> tasks = VERSIONS.get(version - 1).get().stream()
        .map(task -> run(conn, task))
        .toList();
    return Future.all(tasks)
        .compose(all -> conn.query("PRAGMA user_version = " + version).execute())
        .map(version);
  }

  private static Future<Void> run(SqlConnection conn, Task task) {
    Future<Void> chain = Future.succeededFuture();
    for (Step step : task.steps()) {
      chain = chain.compose(v -> step.run(conn).mapEmpty());
    }
    return chain.recover(e -> Future.failedFuture(new IllegalStateException(
        "schema task for table '" + task.table() + "' failed: " + e.getMessage(), e)));
  }

  /** Version 1: the table and an index for every sort and filter the API offers. */
  private static Task createTable(Resource resource) {
    String t = resource.table();
    String credit = resource.creditField().name();
    StringBuilder columns = new StringBuilder("id INTEGER PRIMARY KEY AUTOINCREMENT");
    for (Field field : resource.fields()) {
      columns.append(", ").append(field.name()).append(switch (field.kind()) {
        case TEXT -> " TEXT NOT NULL";
        case YEAR -> " INTEGER CHECK (" + field.name() + " IS NULL OR " + field.name()
            + " BETWEEN " + Field.YEAR_MIN + " AND " + Field.YEAR_MAX + ")";
      });
    }
    columns.append(", created_at TEXT NOT NULL, updated_at TEXT NOT NULL")
        .append(", version INTEGER NOT NULL DEFAULT 1");
    return Task.sql(t, List.of(
        "CREATE TABLE " + t + " (" + columns + ")",
        "CREATE INDEX " + t + "_title ON " + t + " (title)",
        "CREATE INDEX " + t + "_title_sort ON " + t + " (title COLLATE NOCASE, id)",
        "CREATE INDEX " + t + "_" + credit + " ON " + t + " (" + credit + ")",
        "CREATE INDEX " + t + "_year_sort ON " + t + " (COALESCE(year, -1), id)",
        "CREATE INDEX " + t + "_created_sort ON " + t + " (created_at, id)"));
  }

  /**
   * Version 2: the number of the last change event. It is bumped in the same transaction as the
   * change, so event ids have no gaps, follow commit order and carry on after a restart.
   */
  private static Task eventSequence() {
    return Task.sql("event_sequence", List.of(
        "CREATE TABLE event_sequence (id INTEGER PRIMARY KEY CHECK (id = 1), last INTEGER NOT NULL)",
        "INSERT INTO event_sequence (id, last) VALUES (1, 0)"));
  }
}
