package dev.shelf.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shelf.support.RunningShelf;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(VertxExtension.class)
@DisplayName("The changes demo: ten changes by Future.all, by Future.join + compensation, and as one atomic batch")
class ChangesDemoTest {

  @TempDir
  Path dir;

  @Test
  @DisplayName("all three ways run and time; the failing client-side round is undone, the failing batch stores nothing; nothing is left")
  void threeWays(Vertx vertx) {
    RunningShelf shelf = RunningShelf.start(vertx, dir);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();

    int exit = Demo.run(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
        "changes", "--url", shelf.baseUrl());

    assertThat(exit).as(err.toString(StandardCharsets.UTF_8)).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).containsPattern("Summary: changes demo ran: Future\\.all 10 in \\d+ ms; "
        + "Future\\.join 1 failed, 9 undone in \\d+ ms; /batch 10 in \\d+ ms, with one invalid 422 and none stored in \\d+ ms");
    assertThat(shelf.get("/books").bodyAsJsonObject().getJsonArray("items")).isEmpty();
  }
}
