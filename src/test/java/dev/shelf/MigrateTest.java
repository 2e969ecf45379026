package dev.shelf;

import static io.vertx.core.http.HttpMethod.PATCH;
import static io.vertx.core.http.HttpMethod.POST;
import static org.assertj.core.api.Assertions.assertThat;

import dev.shelf.support.EventReader;
import dev.shelf.support.Postgres;
import dev.shelf.support.RunningShelf;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(VertxExtension.class)
@DisplayName("dev.shelf.Migrate moves a SQLite store into PostgreSQL: every row, id, timestamp and version")
class MigrateTest {

  @TempDir
  Path sqliteDir;
  @TempDir
  Path postgresDir;

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  @Test
  @DisplayName("a few thousand books and movies, some edited and some deleted, arrive exactly; ids and event ids carry on")
  void everyRowArrives(Vertx vertx) {
    JsonObject sqliteOnly = new JsonObject().put("db", new JsonObject().put("kind", "sqlite"));
    RunningShelf sqlite = RunningShelf.start(vertx, sqliteDir, sqliteOnly);
    StringBuilder books = new StringBuilder("title,author,year\r\n");
    for (int i = 0; i < 3_000; i++) {
      books.append("Book ").append(i).append(",Author ").append(i % 97).append(',').append(i % 5 == 0 ? "" : 1900 + i % 120)
          .append("\r\n");
    }
    assertThat(sqlite.send(POST, "/books/import", books.toString(), "text/csv").statusCode()).isEqualTo(201);
    assertThat(sqlite.send(POST, "/movies/import", "title,director\r\nAlien,Scott\r\nÜber 日本,Ünïcödé 𝄞\r\n",
        "text/csv").statusCode()).isEqualTo(201);
    for (int id = 1; id <= 300; id += 3) {
      sqlite.send(PATCH, "/books/" + id, new JsonObject().put("year", 2000));
      sqlite.send(PATCH, "/books/" + id, new JsonObject().put("author", "Edited"));
    }
    for (int id = 2_990; id <= 3_000; id++) {
      sqlite.delete("/books/" + id);
    }
    JsonArray sqliteBooks = all(sqlite, "books");
    JsonArray sqliteMovies = all(sqlite, "movies");
    long lastEvent = firstEventId(vertx, sqlite);
    sqlite.stop();
    String url = Postgres.shared().freshDatabase();

    int exit = Migrate.run(new String[] {"--from", sqliteDir.resolve("shelf.db").toString(), "--to", url}, Map.of(),
        new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));

    assertThat(exit).as(err.toString(StandardCharsets.UTF_8)).isZero();
    JsonObject report = new JsonObject(out.toString(StandardCharsets.UTF_8).strip());
    assertThat(report.getLong("books")).isEqualTo(2_989);
    assertThat(report.getLong("movies")).isEqualTo(2);
    assertThat(report.getLong("lastEventId")).isEqualTo(lastEvent);
    RunningShelf postgres = RunningShelf.start(vertx, postgresDir, new JsonObject()
        .put("db", new JsonObject().put("kind", "postgres").put("url", url)));
    assertThat(all(postgres, "books")).isEqualTo(sqliteBooks);
    assertThat(all(postgres, "movies")).isEqualTo(sqliteMovies);
    assertThat(firstEventId(vertx, postgres)).as("event ids carry on").isEqualTo(lastEvent);
    assertThat(postgres.book("New", "A", null).getLong("id")).as("no id is handed out twice").isEqualTo(3_001);
  }

  @Test
  @DisplayName("into a database that already holds records: exit 1 and nothing copied; wrong arguments: exit 2")
  void refuses(Vertx vertx) {
    RunningShelf sqlite = RunningShelf.start(vertx, sqliteDir, new JsonObject().put("db", new JsonObject().put("kind", "sqlite")));
    sqlite.book("One", "A", null);
    sqlite.stop();
    String url = Postgres.shared().freshDatabase();
    String[] args = {"--from", sqliteDir.resolve("shelf.db").toString(), "--to", url};
    PrintStream quiet = new PrintStream(out, true, StandardCharsets.UTF_8);
    PrintStream errors = new PrintStream(err, true, StandardCharsets.UTF_8);
    assertThat(Migrate.run(args, Map.of(), quiet, errors)).isZero();

    assertThat(Migrate.run(args, Map.of(), quiet, errors)).isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("already holds 1 books");
    assertThat(Migrate.run(new String[] {"--from", "x.db"}, Map.of(), quiet, errors)).isEqualTo(2);
    assertThat(Migrate.run(new String[] {"--from", "x.db", "--to", "mysql://h/db"}, Map.of(), quiet, errors)).isEqualTo(2);
  }

  /** Every record in id order, through the API, page by page. */
  private static JsonArray all(RunningShelf shelf, String collection) {
    JsonArray items = new JsonArray();
    String next = "/" + collection + "?sort=id&limit=500";
    while (next != null) {
      JsonObject page = shelf.get(next).bodyAsJsonObject();
      items.addAll(page.getJsonArray("items"));
      String cursor = page.getString("next");
      next = cursor == null ? null : "/" + collection + "?sort=id&limit=500&cursor=" + cursor;
    }
    return items;
  }

  private static long firstEventId(Vertx vertx, RunningShelf shelf) {
    try (EventReader events = EventReader.open(vertx, shelf.port, null)) {
      return events.next().number();
    }
  }
}
