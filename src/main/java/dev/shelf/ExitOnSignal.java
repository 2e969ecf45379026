package dev.shelf;

import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * Makes SIGTERM and Ctrl-C (SIGINT) a normal end: exit code 0 once the shutdown hooks have run.
 *
 * <p>Why: the JVM runs its shutdown hooks on these signals (the Vert.x launcher's hook closes
 * Vert.x, which stops the verticles gracefully), but then exits with 128 + the signal number (143,
 * 130), which supervisors read as a crash. Calling {@code System.exit(0)} from the signal runs the
 * same hooks and exits 0. A second signal while stopping halts at once, as an impatient operator
 * expects.
 */
final class ExitOnSignal {

  private static final Logger LOG = LoggerFactory.getLogger(ExitOnSignal.class);
  private static final AtomicBoolean INSTALLED = new AtomicBoolean();
  private static final AtomicBoolean STOPPING = new AtomicBoolean();

  private ExitOnSignal() {
  }

  /** Call once Shelf is the process's application (from {@link ShelfApplication}, never inside a test runner). */
  static void install() {
    if (!INSTALLED.compareAndSet(false, true)) {
      return;
    }
    for (String name : new String[] {"TERM", "INT"}) {
      Signal.handle(new Signal(name), signal -> {
        if (STOPPING.compareAndSet(false, true)) {
          LOG.info("SIG{} received: stopping gracefully", signal.getName());
          System.exit(0);
        } else {
          LOG.warn("SIG{} received again: stopping now", signal.getName());
          Runtime.getRuntime().halt(128 + signal.getNumber());
        }
      });
    }
  }
}
