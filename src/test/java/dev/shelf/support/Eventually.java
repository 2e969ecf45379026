package dev.shelf.support;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Polls instead of sleeping: a test waits exactly as long as the thing it waits for takes (up to
 * a bound), and says what it was waiting for when that never happens.
 */
public final class Eventually {

  private static final Duration TIMEOUT = Duration.ofSeconds(10);
  private static final Duration POLL = Duration.ofMillis(10);

  private Eventually() {
  }

  /** An assertion that may throw; rerun until it passes. */
  @FunctionalInterface
  public interface Check {
    void run() throws Exception;
  }

  /** Runs {@code check} until it passes, for up to 10 s; then fails with its last failure. */
  public static void eventually(Check check) {
    eventually(TIMEOUT, check);
  }

  public static void eventually(Duration timeout, Check check) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      try {
        check.run();
        return;
      } catch (AssertionError | Exception failure) {
        if (System.nanoTime() > deadline) {
          AssertionError timedOut = new AssertionError("still failing after " + timeout.toMillis() + " ms: "
              + failure.getMessage(), failure);
          throw timedOut;
        }
      }
      pause(POLL);
    }
  }

  /**
   * The value of {@code read} once it has stopped changing: the same on two reads {@code quiet}
   * apart, within {@code timeout}. For waiting until a background activity has come to rest.
   */
  public static <T> T settled(Supplier<T> read, Duration quiet, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    T last = read.get();
    while (System.nanoTime() < deadline) {
      pause(quiet);
      T now = read.get();
      if (Objects.equals(now, last)) {
        return now;
      }
      last = now;
    }
    throw new AssertionError("still changing after " + timeout.toMillis() + " ms (last " + last + ")");
  }

  private static void pause(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while waiting", e);
    }
  }
}
