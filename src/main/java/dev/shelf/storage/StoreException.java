package dev.shelf.storage;

import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * Why a store call failed, as a {@link Kind} the HTTP side maps to a status (in {@code Problems},
 * nowhere else), a message fit for the client, and for {@link Kind#VERSION_MISMATCH} the version
 * the record is at now.
 */
public final class StoreException extends RuntimeException {

  public enum Kind {
    /** No record with that id. */
    NOT_FOUND,
    /** The record is no longer at the expected version; {@link #currentVersion()} says where it is. */
    VERSION_MISMATCH,
    /** The database refused the values (a constraint the validation should have caught). */
    CONFLICT,
    /** The call makes no sense to the store (e.g. a filter on an unknown field). */
    INVALID,
    /** The write queue is full: try again shortly. */
    OVERLOADED,
    /**
     * No store is there to answer (not deployed, closing, or unreachable), or it cannot take writes
     * until an operator acts: its file was deleted or replaced, is read-only, or the disk fails.
     * The message says which.
     */
    UNAVAILABLE,
    /** The disk holding the store (or its size limit) is full: nothing was written. */
    STORAGE_FULL,
    /** The store did not answer in time; the outcome is unknown to the caller. */
    TIMEOUT,
    /** Anything else: an I/O or SQL failure, logged where it happened. */
    FAILURE
  }

  private final Kind kind;
  private final OptionalLong currentVersion;
  private final OptionalInt operation;

  private StoreException(Kind kind, String message, OptionalLong currentVersion, OptionalInt operation) {
    super(message, null, false, false);
    this.kind = kind;
    this.currentVersion = currentVersion;
    this.operation = operation;
  }

  public StoreException(Kind kind, String message) {
    this(kind, message, OptionalLong.empty(), OptionalInt.empty());
  }

  public static StoreException versionMismatch(long current) {
    return new StoreException(Kind.VERSION_MISMATCH, "the record is now at version " + current, OptionalLong.of(current),
        OptionalInt.empty());
  }

  /** The same failure, as that of the batch operation at {@code index} (so nothing of the batch was applied). */
  public StoreException atOperation(int index) {
    return new StoreException(kind, getMessage(), currentVersion, OptionalInt.of(index));
  }

  public Kind kind() {
    return kind;
  }

  /** In a failed batch, the index of the operation that failed; empty when the batch failed as a whole. */
  public OptionalInt operation() {
    return operation;
  }

  /** Set for {@link Kind#VERSION_MISMATCH} only. */
  public OptionalLong currentVersion() {
    return currentVersion;
  }
}
