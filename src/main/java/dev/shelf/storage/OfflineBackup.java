package dev.shelf.storage;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import org.sqlite.SQLiteConfig;

/**
 * The backup of the command line ({@code dev.shelf.Backup}): the same {@code VACUUM INTO} as
 * {@code POST /admin/backup}, on a read-only connection of its own, so it works whether or not a
 * Shelf is serving the file (WAL lets it read beside the writer). Blocking: for a tool's main
 * thread, never for a verticle.
 */
public final class OfflineBackup {

  private OfflineBackup() {
  }

  /**
   * Copies {@code database} to {@code target}, which must not exist yet; returns the copy's size.
   *
   * @throws IllegalArgumentException when the database is missing or the target exists
   * @throws SQLException when SQLite cannot read the database or write the copy
   */
  public static long copy(Path database, Path target) throws SQLException {
    if (!Files.isRegularFile(database)) {
      throw new IllegalArgumentException("no database file at " + database);
    }
    if (Files.exists(target)) {
      throw new IllegalArgumentException(target + " already exists; a backup never overwrites a file");
    }
    SQLiteConfig config = new SQLiteConfig();
    config.setReadOnly(true);
    config.setBusyTimeout(10_000);
    try (Connection connection = config.createConnection("jdbc:sqlite:" + database);
         PreparedStatement vacuum = connection.prepareStatement("VACUUM INTO ?")) {
      vacuum.setString(1, target.toString());
      vacuum.execute();
    }
    return target.toFile().length();
  }
}
