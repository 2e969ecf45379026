package dev.shelf;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shelf.support.RunningShelf;
import dev.shelf.support.SqliteFile;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(VertxExtension.class)
@DisplayName("The command-line backup: java -cp shelf.jar dev.shelf.Backup <database> <copy>")
class BackupCommandTest {

  @TempDir
  Path dir;

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String... args) {
    return Backup.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @Test
  @DisplayName("copies the database of a running Shelf, prints the copy's path and size, exits 0")
  void copiesWhileServing(Vertx vertx) throws Exception {
    RunningShelf shelf = RunningShelf.start(vertx, dir);
    shelf.book("Dune", "Frank Herbert", 1965);
    shelf.book("Emma", "Jane Austen", 1815);
    Path copy = dir.resolve("copies/shelf-copy.db");
    Files.createDirectories(copy.getParent());

    int exit = run(shelf.dbFile.toString(), copy.toString());

    assertThat(exit).as(err.toString(StandardCharsets.UTF_8)).isZero();
    JsonObject printed = new JsonObject(out.toString(StandardCharsets.UTF_8).strip());
    assertThat(printed.getString("path")).isEqualTo(copy.toAbsolutePath().toString());
    assertThat(printed.getLong("size")).isEqualTo(Files.size(copy));
    assertThat(SqliteFile.of(copy).column("SELECT title FROM books ORDER BY id")).containsExactly("Dune", "Emma");
  }

  @Test
  @DisplayName("never overwrites: an existing target, a missing database or wrong arguments fail with one line")
  void refuses() throws Exception {
    Path existing = Files.writeString(dir.resolve("taken.db"), "keep me");

    assertThat(run(dir.resolve("missing.db").toString(), dir.resolve("x.db").toString())).isEqualTo(1);
    assertThat(run(existing.toString(), existing.toString())).isEqualTo(1);
    assertThat(run("only-one-argument")).isEqualTo(2);

    assertThat(Files.readString(existing)).isEqualTo("keep me");
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("no database file at").contains("already exists").contains("usage:")
        .doesNotContain("\tat ");
  }
}
