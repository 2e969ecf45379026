package dev.shelf.http;

import static dev.shelf.support.ProblemAssert.assertProblem;
import static io.vertx.core.http.HttpMethod.POST;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.shelf.support.RunningShelf;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real full disk: the database lives on a 4 MB tmpfs that a filler file fills up. Mounting needs
 * root (and the right to mount, which a container may lack): the test is skipped where
 * {@code mount -t tmpfs} fails. {@code storage.WriterRecoveryTest} covers the same failure
 * everywhere through SQLite's own page limit.
 */
@ExtendWith(VertxExtension.class)
@DisplayName("A full disk: writes are 507 saying so, and the same write succeeds once there is room")
class DiskFullTest {

  @TempDir
  Path dir;
  Path disk;
  boolean mounted;

  @AfterEach
  void unmount() throws Exception {
    if (mounted) {
      run("umount", "-l", disk.toString());
    }
  }

  @Test
  @DisplayName("POST on a full disk is 507 problem+json naming the cause; after space is freed the same POST is 201")
  void fullDiskThenRecovery(Vertx vertx) throws Exception {
    assumeFalse(RunningShelf.onPostgres(), "fills the disk under the SQLite file");
    disk = Files.createDirectory(dir.resolve("disk"));
    mounted = run("mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", disk.toString());
    assumeTrue(mounted, "cannot mount a tmpfs here (needs root and the right to mount)");
    RunningShelf shelf = RunningShelf.start(vertx, dir,
        new JsonObject().put("db", new JsonObject().put("path", disk.resolve("shelf.db").toString())));
    try {
      Path filler = disk.resolve("filler");
      fill(filler);
      String book = new JsonObject().put("title", "T".repeat(200)).put("author", "A".repeat(200)).encode();

      HttpResponse<Buffer> refused = null;
      for (int i = 0; i < 10_000 && refused == null; i++) {
        HttpResponse<Buffer> response = shelf.send(POST, "/books", book);
        if (response.statusCode() != 201) {
          refused = response;
        }
      }
      assertThat(refused).as("the disk filled up").isNotNull();
      JsonObject problem = assertProblem(refused, 507);
      assertThat(problem.getString("detail")).contains("full").contains("shelf.db");

      Files.delete(filler);
      assertThat(shelf.send(POST, "/books", book).statusCode()).as("the same write, once there is room").isEqualTo(201);
      assertThat(shelf.get("/health/ready").statusCode()).isEqualTo(200);
    } finally {
      shelf.stop();
    }
  }

  /** Writes {@code file} until the disk has no room left. */
  private static void fill(Path file) throws IOException {
    byte[] block = new byte[16 * 1024];
    try (OutputStream out = Files.newOutputStream(file)) {
      while (true) {
        out.write(block);
      }
    } catch (IOException full) {
      // no space left on the device: that is the point
    }
  }

  private static boolean run(String... command) throws Exception {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    return process.waitFor(10, TimeUnit.SECONDS) && process.exitValue() == 0;
  }
}
