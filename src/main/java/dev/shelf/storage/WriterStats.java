package dev.shelf.storage;

import java.util.concurrent.atomic.AtomicLong;

/** What the writer has done: commits and the writes they carried, for logs, tests and metrics. */
final class WriterStats {

  private final AtomicLong commits = new AtomicLong();
  private final AtomicLong writes = new AtomicLong();
  private final AtomicLong largestBatch = new AtomicLong();

  void recordBatch(int size) {
    commits.incrementAndGet();
    writes.addAndGet(size);
    largestBatch.accumulateAndGet(size, Math::max);
  }

  long commits() {
    return commits.get();
  }

  long writes() {
    return writes.get();
  }

  long largestBatch() {
    return largestBatch.get();
  }
}
