package dev.shelf.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A database file Shelf may not write. The tests run as root here, and root writes any file
 * whatever its mode, so the jar is run as {@code nobody} through {@code runuser}: only then does
 * {@code chmod 444} mean what it means to an operator. Skipped where the tests do not run as root.
 */
@DisplayName("A read-only database file at start-up")
class ReadOnlyDatabaseIT {

  @TempDir
  Path dir;

  @Test
  @DisplayName("chmod 444 shelf.db, started as a non-root user: exits 15 with one line naming the file and why")
  void readOnlyFileExits() throws Exception {
    assumeTrue("root".equals(System.getProperty("user.name")) && Files.isExecutable(Path.of("/usr/sbin/runuser")),
        "needs root (to run the jar as nobody) and runuser");
    try (ShelfProcess first = ShelfProcess.start(dir, Map.of())) {
      first.awaitReady();
      assertThat(first.post("/books", "{\"title\":\"Dune\",\"author\":\"Frank Herbert\"}").statusCode()).isEqualTo(201);
    }
    Path db = dir.resolve("data/shelf.db");
    assertThat(db).exists();
    handTo("nobody", dir);
    Files.setPosixFilePermissions(db, PosixFilePermissions.fromString("r--r--r--"));

    try (ShelfProcess shelf = ShelfProcess.startAs("nobody", dir, Map.of())) {
      int exit = shelf.exitCode();

      String output = shelf.output();
      assertThat(exit).as(output).isEqualTo(15);
      assertThat(output).doesNotContain("Shelf is serving").doesNotContain("\tat ");
      assertThat(output.lines().filter(line -> line.contains("read-only")).toList())
          .as(output).hasSize(1).allSatisfy(line -> assertThat(line).contains("shelf.db").contains("SQLITE_READONLY").contains("writable"));
    }
  }

  /** Gives the folder and everything in it to {@code user} (its parent, the temp folder, is open to all). */
  private static void handTo(String user, Path folder) throws Exception {
    Process chown = new ProcessBuilder("chown", "-R", user, folder.toString()).inheritIO().start();
    assertThat(chown.waitFor(10, TimeUnit.SECONDS) && chown.exitValue() == 0).as("chown").isTrue();
  }
}
