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

  /** The failure as one of the file/disk kinds, logged once per incident; null when it is none of them. */
  StoreException classify(Throwable failure, String path) {
    StoreException mapped = describe(failure, path);
    if (mapped != null) {
      logOncePerIncident(mapped.getMessage(), failure);
    }
    return mapped;
  }

  /** The failure as one of the file/disk kinds, or null when it is none of them; logs nothing. */
  StoreException describe(Throwable failure, String path) {
    Diagnosis d = diagnose(failure, path);
    return d == null ? null : new StoreException(d.kind(), d.what() + "; nothing was written. " + d.advice());
  }

  /** For a start-up failure: what is wrong and what to do, in one line; null when it is none of these. */
  String atStartup(Throwable failure, String path) {
    Diagnosis d = diagnose(failure, path);
    return d == null ? null : d.what() + ": " + d.advice();
  }

  private record Diagnosis(StoreException.Kind kind, String what, String advice) {
  }

  private static Diagnosis diagnose(Throwable failure, String path) {
    SQLiteException sqlite = sqliteCause(failure);
    if (sqlite == null) {
      return null;
    }
    return switch (sqlite.getResultCode().code & 0xFF) {
      case 13 -> new Diagnosis(StoreException.Kind.STORAGE_FULL,
          "the disk holding the database " + path + " is full (SQLITE_FULL)", "Free space, then retry");
      case 8 -> new Diagnosis(StoreException.Kind.UNAVAILABLE, "the database " + path + " is read-only (SQLITE_READONLY)",
          "Make the file and its folder writable by the user running Shelf");
      case 10 -> new Diagnosis(StoreException.Kind.UNAVAILABLE,
          "the disk failed reading or writing the database " + path + " (SQLITE_IOERR)", "Check the disk and the system log");
      case 14 -> new Diagnosis(StoreException.Kind.UNAVAILABLE, "the database " + path + " cannot be opened (SQLITE_CANTOPEN)",
          "Check that it and its folder exist and are readable and writable by the user running Shelf");
      default -> null;
    };
  }

  private static SQLiteException sqliteCause(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof SQLiteException sqlite) {
        return sqlite;
      }
    }
    return null;
  }

  private void logOncePerIncident(String message, Throwable failure) {
    int code = sqliteCause(failure).getResultCode().code & 0xFF;
    long now = System.nanoTime();
    Long previous = lastSeen.put(code, now);
    if (previous == null || now - previous > TimeUnit.MILLISECONDS.toNanos(QUIET_MS)) {
      LOG.error("{} [{}] (logged once until it stops for {} s)", message, sqliteCause(failure).getMessage(),
          QUIET_MS / 1000);
    }
  }
}
