package dev.shelf.storage;

import java.util.concurrent.TimeUnit;

/**
 * Whether the single writer is making progress, for readiness: the writer thread marks when it
 * takes work and when a batch starts and ends; any thread may ask {@link #stall}.
 */
final class WriterProgress {

  /** When the running batch began (System.nanoTime), or 0 between batches. */
  private volatile long batchSince;
  /** When the writer last took work or found none: a queue that waits longer has no writer. */
  private volatile long lastTaken = System.nanoTime();

  void taken() {
    lastTaken = System.nanoTime();
  }

  void batchStarted() {
    batchSince = System.nanoTime();
  }

  void batchEnded() {
    batchSince = 0;
  }

  /**
   * Why the writer is not making progress, or null when it is: a batch running longer than
   * {@code limitMs}, or {@code queued} writes waiting that long with no batch taking them.
   */
  String stall(long limitMs, int queued) {
    long now = System.nanoTime();
    long since = batchSince;
    long limit = TimeUnit.MILLISECONDS.toNanos(limitMs);
    if (since != 0 && now - since > limit) {
      return "the writer has been running one batch for " + TimeUnit.NANOSECONDS.toMillis(now - since) + " ms";
    }
    if (since == 0 && queued > 0 && now - lastTaken > limit) {
      return queued + " writes have waited " + TimeUnit.NANOSECONDS.toMillis(now - lastTaken)
          + " ms with no writer taking them";
    }
    return null;
  }
}
