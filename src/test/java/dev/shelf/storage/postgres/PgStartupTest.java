package dev.shelf.storage.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shelf.support.Postgres;
import dev.shelf.support.RunningShelf;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(VertxExtension.class)
@DisplayName("Starting on PostgreSQL: migrations safe for nodes starting at once, clear failures otherwise")
class PgStartupTest {

  @TempDir
  Path dir;

  private JsonObject on(String url) {
    return new JsonObject().put("db", new JsonObject().put("kind", "postgres").put("url", url));
  }

  @Test
  @DisplayName("four stores starting at once on an empty database migrate it once and all serve")
  void concurrentMigrations(Vertx vertx) {
    String url = Postgres.shared().freshDatabase();
    String database = url.substring(url.lastIndexOf('/') + 1);
    JsonObject config = RunningShelf.config(dir).mergeIn(on(url), true);

    List<Future<String>> started = IntStream.range(0, 4)
        .mapToObj(i -> vertx.deployVerticle(PgStorageVerticle.class, new DeploymentOptions().setConfig(config)))
        .toList();

    RunningShelf.await(Future.all(started));
    assertThat(Postgres.shared().psql(database, "SELECT string_agg(version::text, ',') FROM shelf_schema"))
        .isEqualTo(String.valueOf(PgMigrations.VERSIONS.size()));
    assertThat(Postgres.shared().psql(database, "SELECT count(*) FROM event_counter")).isEqualTo("1");
  }

  @Test
  @DisplayName("a version 1 database with rows gains the search index: its rows are found, accents and case ignored")
  void searchIndexForExistingRows(Vertx vertx) {
    String url = Postgres.shared().freshDatabase();
    String database = url.substring(url.lastIndexOf('/') + 1);
    Postgres.shared().psql(database, String.join("; ", PgMigrations.VERSIONS.get(0).get())
        + "; CREATE TABLE shelf_schema (version integer NOT NULL); INSERT INTO shelf_schema VALUES (1)"
        + "; INSERT INTO books (title, title_key, author, author_key, created_at, updated_at)"
        + " VALUES ('Cien años de soledad', 'cien años de soledad', 'Gabriel García Márquez', 'gabriel garcía márquez',"
        + " '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z')");

    RunningShelf shelf = RunningShelf.start(vertx, dir, on(url));

    JsonObject page = shelf.get("/books?search=MARQUEZ+sol").bodyAsJsonObject();
    assertThat(page.getJsonArray("items")).hasSize(1);
    assertThat(page.getJsonArray("items").getJsonObject(0).getString("title")).isEqualTo("Cien años de soledad");
  }

  @Test
  @DisplayName("a role that owns its database but is no superuser migrates it: unaccent is a trusted extension")
  void ownerWithoutSuperuser(Vertx vertx) {
    String role = "owner_" + ProcessHandle.current().pid();
    String database = "owned_" + ProcessHandle.current().pid();
    Postgres.shared().psql("postgres", "CREATE ROLE " + role + " LOGIN NOSUPERUSER");
    Postgres.shared().psql("postgres", "CREATE DATABASE " + database + " OWNER " + role);

    RunningShelf shelf = RunningShelf.start(vertx, dir, on("postgresql://" + role + "@127.0.0.1:" + Postgres.shared().port()
        + "/" + database));

    shelf.book("Crónica de una muerte anunciada", "Gabriel García Márquez", 1981);
    assertThat(shelf.get("/books?search=cronica").bodyAsJsonObject().getJsonArray("items")).hasSize(1);
  }

  @Test
  @DisplayName("an unreachable server fails the start-up with one line naming where it looked")
  void unreachable(Vertx vertx) throws Exception {
    int closed;
    try (ServerSocket socket = new ServerSocket(0)) {
      closed = socket.getLocalPort();
    }

    assertThatThrownBy(() -> RunningShelf.start(vertx, dir, on("postgresql://shelf@127.0.0.1:" + closed + "/shelf")))
        .hasMessageContaining("storage failed to start")
        .hasMessageContaining("cannot use PostgreSQL at shelf@127.0.0.1:" + closed + "/shelf")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    assertThat(vertx.deploymentIDs()).isEmpty();
  }

  @Test
  @DisplayName("a schema newer than this Shelf knows fails the start-up and touches nothing")
  void newerSchema(Vertx vertx) {
    String url = Postgres.shared().freshDatabase();
    String database = url.substring(url.lastIndexOf('/') + 1);
    Postgres.shared().psql(database, "CREATE TABLE shelf_schema (version integer NOT NULL);"
        + " INSERT INTO shelf_schema VALUES (99)");

    assertThatThrownBy(() -> RunningShelf.start(vertx, dir, on(url)))
        .hasMessageContaining("schema version 99 is newer than this Shelf understands");
    assertThat(Postgres.shared().psql(database, "SELECT count(*) FROM pg_tables WHERE tablename = 'books'")).isEqualTo("0");
    assertThat(vertx.deploymentIDs()).isEmpty();
  }
}
