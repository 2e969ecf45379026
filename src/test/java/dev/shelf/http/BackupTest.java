package dev.shelf.http;

import static dev.shelf.support.ProblemAssert.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.shelf.support.RunningShelf;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(VertxExtension.class)
@DisplayName("Backups: POST /admin/backup while serving, admin switch and token, restore by starting on the copy")
class BackupTest {

  /** The admin backup copies the SQLite file; a PostgreSQL store is backed up with PostgreSQL's tools. */
  private static final String COPIES_SQLITE = "POST /admin/backup copies a SQLite store only";

  @TempDir
  Path dir;

  private RunningShelf start(Vertx vertx, JsonObject admin) {
    return RunningShelf.start(vertx, dir, new JsonObject().put("admin", admin.put("backupDir", dir.resolve("backups").toString())));
  }

  @Test
  @DisplayName("admin routes do not exist unless admin.enabled is true")
  void offByDefault(Vertx vertx) {
    RunningShelf shelf = RunningShelf.start(vertx, dir);

    assertProblem(shelf.send(io.vertx.core.http.HttpMethod.POST, "/admin/backup", ""), 404);
    assertThat(dir.resolve("backups")).doesNotExist();
  }

  @Test
  @DisplayName("a backup taken during a burst of writes is a complete database; Shelf started on it serves the same rows")
  void backupAndRestore(Vertx vertx) {
    assumeFalse(RunningShelf.onPostgres(), COPIES_SQLITE);
    RunningShelf shelf = start(vertx, new JsonObject().put("enabled", true));
    IntStream.range(0, 20).forEach(i -> shelf.book("Before " + i, "A", 1900 + i));
    shelf.create("movies", new JsonObject().put("title", "Alien").put("director", "Ridley Scott").put("year", 1979));

    List<Future<HttpResponse<Buffer>>> writes = IntStream.range(0, 50)
        .mapToObj(i -> shelf.http.post("/books").sendJsonObject(new JsonObject().put("title", "During " + i).put("author", "B")))
        .toList();
    HttpResponse<Buffer> backup = RunningShelf.await(shelf.http.post("/admin/backup").send());
    RunningShelf.await(Future.all(writes));

    assertThat(backup.statusCode()).as(backup.bodyAsString()).isEqualTo(200);
    Path copy = Path.of(backup.bodyAsJsonObject().getString("path"));
    assertThat(copy).exists().hasParent(dir.resolve("backups").toAbsolutePath());
    assertThat(backup.bodyAsJsonObject().getLong("size")).isEqualTo(copy.toFile().length()).isPositive();
    JsonArray liveBooks = shelf.get("/books?limit=500").bodyAsJsonObject().getJsonArray("items");
    JsonArray liveMovies = shelf.get("/movies").bodyAsJsonObject().getJsonArray("items");
    shelf.stop();

    RunningShelf restored = RunningShelf.start(vertx, dir, new JsonObject().put("db", new JsonObject().put("path", copy.toString())));

    JsonArray copiedBooks = restored.get("/books?limit=500").bodyAsJsonObject().getJsonArray("items");
    assertThat(restored.get("/movies").bodyAsJsonObject().getJsonArray("items")).isEqualTo(liveMovies);
    assertThat(copiedBooks.size()).as("the 20 books from before, and those of the burst committed in time").isBetween(20, 70);
    assertThat(liveBooks.getList()).containsAll(copiedBooks.getList());
    assertThat(copiedBooks.getList()).containsAll(liveBooks.getList().subList(0, 20));
  }

  @Test
  @DisplayName("two backups in a row get two files; neither overwrites the other")
  void distinctFiles(Vertx vertx) {
    assumeFalse(RunningShelf.onPostgres(), COPIES_SQLITE);
    RunningShelf shelf = start(vertx, new JsonObject().put("enabled", true));
    shelf.book("Dune", "Frank Herbert", 1965);

    String first = RunningShelf.await(shelf.http.post("/admin/backup").send()).bodyAsJsonObject().getString("path");
    String second = RunningShelf.await(shelf.http.post("/admin/backup").send()).bodyAsJsonObject().getString("path");

    assertThat(first).isNotEqualTo(second);
    assertThat(Path.of(first)).exists();
    assertThat(Path.of(second)).exists();
  }

  @Test
  @DisplayName("ten backups at once (same millisecond) all succeed with ten files, and backups keep working after")
  void concurrentBackups(Vertx vertx) {
    assumeFalse(RunningShelf.onPostgres(), COPIES_SQLITE);
    RunningShelf shelf = start(vertx, new JsonObject().put("enabled", true));
    shelf.book("Dune", "Frank Herbert", 1965);

    List<Future<HttpResponse<Buffer>>> all = IntStream.range(0, 10)
        .mapToObj(i -> shelf.http.post("/admin/backup").send()).toList();
    RunningShelf.await(Future.join(all));

    assertThat(all).allSatisfy(r -> assertThat(r.result().statusCode()).as(r.result().bodyAsString()).isEqualTo(200));
    assertThat(all.stream().map(r -> r.result().bodyAsJsonObject().getString("path")).distinct()).hasSize(10);
    for (int i = 0; i < 4; i++) {
      assertThat(RunningShelf.await(shelf.http.post("/admin/backup").send()).statusCode())
          .as("a later backup, on whichever reader connection").isEqualTo(200);
    }
  }

  @Test
  @DisplayName("with admin.token set: no header or a wrong token is 401 with WWW-Authenticate; the right token works")
  void token(Vertx vertx) {
    assumeFalse(RunningShelf.onPostgres(), COPIES_SQLITE);
    RunningShelf shelf = start(vertx, new JsonObject().put("enabled", true).put("token", "s3cret-token"));

    HttpResponse<Buffer> none = RunningShelf.await(shelf.http.post("/admin/backup").send());
    HttpResponse<Buffer> wrong = RunningShelf.await(shelf.http.post("/admin/backup").putHeader("Authorization", "Bearer s3cret-tokeN").send());
    HttpResponse<Buffer> basic = RunningShelf.await(shelf.http.post("/admin/backup").putHeader("Authorization", "Basic czNjcmV0").send());
    HttpResponse<Buffer> right = RunningShelf.await(shelf.http.post("/admin/backup").putHeader("Authorization", "Bearer s3cret-token").send());

    assertProblem(none, 401);
    assertThat(none.getHeader("WWW-Authenticate")).isEqualTo("Bearer realm=\"shelf-admin\"");
    assertThat(assertProblem(wrong, 401).getString("detail")).doesNotContain("s3cret");
    assertThat(wrong.getHeader("WWW-Authenticate")).contains("error=\"invalid_token\"");
    assertProblem(basic, 401);
    assertThat(right.statusCode()).isEqualTo(200);
    try (var files = Files.list(dir.resolve("backups"))) {
      assertThat(files.count()).as("only the authorized request wrote a copy").isEqualTo(1);
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  @DisplayName("without admin.token, an auth.token guards the admin routes too")
  void writeTokenGuardsAdminWithoutItsOwn(Vertx vertx) {
    assumeFalse(RunningShelf.onPostgres(), COPIES_SQLITE);
    RunningShelf shelf = RunningShelf.start(vertx, dir, new JsonObject()
        .put("auth", new JsonObject().put("token", "write-token"))
        .put("admin", new JsonObject().put("enabled", true).put("backupDir", dir.resolve("backups").toString())));

    assertProblem(RunningShelf.await(shelf.http.post("/admin/backup").send()), 401);
    assertThat(RunningShelf.await(shelf.http.post("/admin/backup").putHeader("Authorization", "Bearer write-token").send())
        .statusCode()).isEqualTo(200);
  }

  @Test
  @DisplayName("with both tokens, the admin routes take admin.token only, and writes auth.token only")
  void separateTokens(Vertx vertx) {
    assumeFalse(RunningShelf.onPostgres(), COPIES_SQLITE);
    RunningShelf shelf = RunningShelf.start(vertx, dir, new JsonObject()
        .put("auth", new JsonObject().put("token", "write-token"))
        .put("admin", new JsonObject().put("enabled", true).put("token", "admin-token")
            .put("backupDir", dir.resolve("backups").toString())));

    assertProblem(RunningShelf.await(shelf.http.post("/admin/backup").putHeader("Authorization", "Bearer write-token").send()), 401);
    assertThat(RunningShelf.await(shelf.http.post("/admin/backup").putHeader("Authorization", "Bearer admin-token").send())
        .statusCode()).isEqualTo(200);
    assertProblem(RunningShelf.await(shelf.http.post("/books").putHeader("Authorization", "Bearer admin-token")
        .sendJsonObject(new JsonObject().put("title", "Dune").put("author", "Frank Herbert"))), 401);
  }

  @Test
  @DisplayName("on PostgreSQL the admin backup is a 400 problem pointing to PostgreSQL's own tools, and writes nothing")
  void postgresPointsToItsTools(Vertx vertx) {
    assumeTrue(RunningShelf.onPostgres(), "the PostgreSQL store's answer");
    RunningShelf shelf = start(vertx, new JsonObject().put("enabled", true));

    JsonObject problem = assertProblem(RunningShelf.await(shelf.http.post("/admin/backup").send()), 400);

    assertThat(problem.getString("detail")).contains("pg_dump");
    assertThat(dir.resolve("backups")).doesNotExist();
  }
}
