package dev.shelf.storage;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteException;

/**
 * Turns SQLite's answers about the file and the disk into failures that say what is wrong: a full
 * disk, a read-only file, an I/O error. They usually last (every write fails the same way until an
 * operator acts), so each is logged once per incident, without a stack trace: again only after it
 * has not happened for {@link #QUIET_MS}.
 */
final class SqliteFailures {

  private static final Logger LOG = LoggerFactory.getLogger(SqliteFailures.class);
  static final long QUIET_MS = 60_000;

  private final Map<Integer, Long> lastSeen = new ConcurrentHashMap<>();

  /** The failure as one of the file/disk kinds, or null when it is none of them. */
  StoreException classify(Throwable failure, String path) {
    if (!(failure instanceof SQLiteException sqlite)) {
      return failure instanceof java.sql.SQLException && failure.getCause() != null
          ? classify(failure.getCause(), path) : null;
    }
    int primary = sqlite.getResultCode().code & 0xFF;
    StoreException mapped = switch (primary) {
      case 13 -> new StoreException(StoreException.Kind.STORAGE_FULL, "the disk holding the database "
          + path + " is full (SQLITE_FULL); nothing was written. Free space, then retry");
      case 8 -> new StoreException(StoreException.Kind.UNAVAILABLE, "the database " + path
          + " is read-only (SQLITE_READONLY); nothing was written. Make the file and its folder writable");
      case 10 -> new StoreException(StoreException.Kind.UNAVAILABLE, "the disk failed reading or writing the database "
          + path + " (SQLITE_IOERR); nothing was written");
      case 14 -> new StoreException(StoreException.Kind.UNAVAILABLE, "the database " + path
          + " cannot be opened (SQLITE_CANTOPEN)");
      default -> null;
    };
    if (mapped != null) {
      logOncePerIncident(primary, mapped.getMessage() + " [" + sqlite.getMessage() + "]");
    }
    return mapped;
  }

  private void logOncePerIncident(int code, String message) {
    long now = System.nanoTime();
    Long previous = lastSeen.put(code, now);
    if (previous == null || now - previous > TimeUnit.MILLISECONDS.toNanos(QUIET_MS)) {
      LOG.error("{} (logged once until it stops for {} s)", message, QUIET_MS / 1000);
    }
  }
}
