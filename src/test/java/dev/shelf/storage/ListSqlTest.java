package dev.shelf.storage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shelf.model.ListQuery;
import dev.shelf.model.Resource;
import dev.shelf.model.Sort;
import dev.shelf.support.RunningShelf;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

@ExtendWith(VertxExtension.class)
@DisplayName("Page queries walk an index: their cost does not grow with the table")
class ListSqlTest {

  @TempDir
  Path dir;

  @ParameterizedTest(name = "sort {0}: a page after a cursor uses an index and no temporary sort")
  @EnumSource(value = Sort.class, mode = EnumSource.Mode.EXCLUDE, names = "RELEVANCE")
  void pagesUseAnIndex(Sort sort, Vertx vertx) throws java.sql.SQLException {
    SchemaPool schema = SchemaPool.open(vertx, dir.resolve("plan.db").toString(), "NORMAL");
    RunningShelf.await(Migrations.apply(schema).eventually(schema::close));
    Database db = Database.open(vertx, StorageTest.settings(dir.resolve("plan.db"), "NORMAL"));
    Object value = switch (sort) {
      case ID -> 10L;
      case TITLE -> "M";
      case YEAR -> 1990;
      case CREATED_AT -> "2026-01-01T00:00:00.000Z";
      case RELEVANCE -> throw new IllegalArgumentException("relevance is a search's order");
    };
    for (boolean descending : new boolean[] {false, true}) {
      ListQuery query = new ListQuery(20, sort, descending, new JsonObject(), null,
          new JsonObject().put("value", value).put("id", 10L));
      ListSql sql = ListSql.of(Resource.BOOKS, "*", query);

      List<String> plan = RunningShelf.await(db.read(c ->
          c.query("EXPLAIN QUERY PLAN " + sql.text(), sql.params(), row -> row.getString("detail"))));

      assertThat(plan).as("plan for %s", sql.text())
          .anySatisfy(step -> assertThat(step).containsAnyOf("USING INDEX", "USING INTEGER PRIMARY KEY"))
          .noneSatisfy(step -> assertThat(step).contains("TEMP B-TREE"));
    }
    RunningShelf.await(db.close());
  }

  @ParameterizedTest(name = "search sorted by {0}: the full-text index finds the rows, the primary key fetches them")
  @EnumSource(value = Sort.class, names = {"RELEVANCE", "TITLE", "ID"})
  void searchesUseTheFullTextIndex(Sort sort, Vertx vertx) throws java.sql.SQLException {
    SchemaPool schema = SchemaPool.open(vertx, dir.resolve("plan.db").toString(), "NORMAL");
    RunningShelf.await(Migrations.apply(schema).eventually(schema::close));
    Database db = Database.open(vertx, StorageTest.settings(dir.resolve("plan.db"), "NORMAL"));
    Object value = sort == Sort.RELEVANCE ? -1.5 : sort == Sort.TITLE ? "m" : 10L;
    ListQuery query = new ListQuery(20, sort, false, new JsonObject(), null, "marquez sol",
        new JsonObject().put("value", value).put("id", 10L));
    ListSql sql = ListSql.of(Resource.BOOKS, "*", query);

    List<String> plan = RunningShelf.await(db.read(c ->
        c.query("EXPLAIN QUERY PLAN " + sql.text(), sql.params(), row -> row.getString("detail"))));

    assertThat(plan).as("plan for %s", sql.text())
        .anySatisfy(step -> assertThat(step).contains("books_search VIRTUAL TABLE"))
        .anySatisfy(step -> assertThat(step).contains("USING INTEGER PRIMARY KEY"))
        .noneSatisfy(step -> assertThat(step).matches("SCAN books( .*)?"));
    RunningShelf.await(db.close());
  }
}
