package dev.shelf.storage;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One batch of writes as one {@code BEGIN IMMEDIATE … COMMIT} on the writer connection, each write
 * inside its own SAVEPOINT, so one that fails is undone alone while the rest of the batch commits.
 * After some failures (SQLITE_FULL, SQLITE_IOERR) SQLite has already rolled back the whole
 * transaction: the savepoint is gone, and so are the other writes, which must then fail with the
 * real cause — {@link #abandon} tells which it was.
 */
final class SavepointBatch {

  private static final Logger LOG = LoggerFactory.getLogger(SavepointBatch.class);

  /** A write of the batch that failed and was rolled back to its savepoint. */
  record Failed(Throwable cause) {
  }

  private final SqliteConnection writer;

  SavepointBatch(SqliteConnection writer) {
    this.writer = writer;
  }

  /**
   * Runs {@code works} in one transaction and commits it: each result in order, or a {@link Failed}
   * for a write undone alone. Throws when the transaction as a whole failed; the caller then
   * {@link #abandon}s it and none of the writes is stored.
   */
  List<Object> commit(List<SqlWork<?>> works) throws SQLException {
    List<Object> results = new ArrayList<>(works.size());
    writer.execute("BEGIN IMMEDIATE");
    for (SqlWork<?> work : works) {
      results.add(runAlone(work));
    }
    writer.execute("COMMIT");
    return results;
  }

  /** Ends whatever transaction may be open after {@code failure}; returns what really ended the batch. */
  Throwable abandon(Throwable failure) {
    try {
      writer.execute("ROLLBACK");
    } catch (SQLException e) {
      LOG.debug("Nothing to roll back: {}", e.getMessage());
    }
    return failure instanceof TransactionLost lost ? lost.getCause() : failure;
  }

  private Object runAlone(SqlWork<?> work) throws SQLException {
    writer.execute("SAVEPOINT write");
    try {
      Object result = work.run(writer);
      writer.execute("RELEASE write");
      return result;
    } catch (Throwable e) {
      undo(e);
      return new Failed(e);
    }
  }

  private void undo(Throwable cause) throws TransactionLost {
    try {
      writer.execute("ROLLBACK TO write");
      writer.execute("RELEASE write");
    } catch (SQLException gone) {
      throw new TransactionLost(cause);
    }
  }

  /** The batch's transaction no longer exists; the cause is what ended it. */
  private static final class TransactionLost extends SQLException {
    TransactionLost(Throwable cause) {
      super("the transaction was rolled back by SQLite", cause);
    }
  }
}
