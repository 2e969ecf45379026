package dev.shelf;

import dev.shelf.storage.OfflineBackup;
import io.vertx.core.json.JsonObject;
import java.io.PrintStream;
import java.nio.file.Path;
import java.sql.SQLException;

/**
 * The command-line backup: {@code java -cp shelf.jar dev.shelf.Backup <database> <copy>}. Writes a
 * consistent copy (SQLite {@code VACUUM INTO}) while Shelf may be serving the same file, and
 * prints the copy's path and size. Exit code 0 on success, 1 on a failure, 2 on wrong usage.
 */
public final class Backup {

  private Backup() {
  }

  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  static int run(String[] args, PrintStream out, PrintStream err) {
    if (args.length != 2) {
      err.println("usage: java -cp shelf.jar dev.shelf.Backup <database file> <backup file (must not exist)>");
      return 2;
    }
    Path database = Path.of(args[0]);
    Path target = Path.of(args[1]).toAbsolutePath();
    try {
      long size = OfflineBackup.copy(database, target);
      out.println(new JsonObject().put("path", target.toString()).put("size", size).encode());
      return 0;
    } catch (IllegalArgumentException | SQLException e) {
      err.println("backup failed: " + e.getMessage());
      return 1;
    }
  }
}
