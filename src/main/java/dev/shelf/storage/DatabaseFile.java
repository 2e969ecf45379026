package dev.shelf.storage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;

/**
 * The identity of the database file Shelf opened (device and inode, through the file key). SQLite
 * keeps writing into an open file after it was deleted or replaced, and those commits vanish at the
 * next start; so the writer checks the identity around every batch and readiness checks it too,
 * and writes are refused once the file on disk is no longer the one open.
 */
final class DatabaseFile {

  private final Path path;
  private final Object key;

  private DatabaseFile(Path path, Object key) {
    this.path = path;
    this.key = key;
  }

  /** Remembers the identity of the file at {@code path} as it is now (it must exist). */
  static DatabaseFile of(String path) throws IOException {
    Path absolute = Path.of(path).toAbsolutePath();
    return new DatabaseFile(absolute, Files.readAttributes(absolute, BasicFileAttributes.class).fileKey());
  }

  /** Why the file on disk is not the one open, or null when it still is. */
  String problem() {
    try {
      Object now = Files.readAttributes(path, BasicFileAttributes.class).fileKey();
      return Objects.equals(now, key) ? null : "the database file " + path
          + " was replaced while Shelf had it open; writes are refused so none is lost into the old file."
          + " Restart Shelf to use the new file";
    } catch (NoSuchFileException e) {
      return "the database file " + path + " was deleted while Shelf had it open; writes are refused so none"
          + " is lost with it. Restore a backup or restart Shelf to start a new file";
    } catch (IOException e) {
      return "the database file " + path + " cannot be checked: " + e.getMessage();
    }
  }

  /** Fails when the file on disk is no longer the one open. */
  void check() {
    String problem = problem();
    if (problem != null) {
      throw new StoreException(StoreException.Kind.UNAVAILABLE, problem);
    }
  }
}
