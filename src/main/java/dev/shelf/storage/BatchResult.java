package dev.shelf.storage;

/** What one operation of a batch answered, in the shape of the matching single call's answer. */
public sealed interface BatchResult {

  /** A record read, created or updated. */
  record Record(StoredRecord record) implements BatchResult {
  }

  /** A page of a list. */
  record Page(RecordPage page) implements BatchResult {
  }

  /** A record deleted. */
  record Deleted() implements BatchResult {
  }

  /** How many records a delete by title removed. */
  record Count(int count) implements BatchResult {
  }
}
