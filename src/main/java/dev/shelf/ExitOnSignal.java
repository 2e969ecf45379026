package dev.shelf;

import java.net.URISyntaxException;
import java.nio.file.Path;
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
 * expects. Installed only when Shelf is the process's application (started by the Vert.x launcher,
 * from the jar or by class name), never inside a host such as a test runner.
 */
final class ExitOnSignal {

  private static final Logger LOG = LoggerFactory.getLogger(ExitOnSignal.class);
  private static final String LAUNCHER = "io.vertx.launcher.application.VertxApplication";
  private static final AtomicBoolean INSTALLED = new AtomicBoolean();
  private static final AtomicBoolean STOPPING = new AtomicBoolean();

  private ExitOnSignal() {
  }

  static void installIfApplication() {
    if (!launchedAsApplication() || !INSTALLED.compareAndSet(false, true)) {
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

  private static boolean launchedAsApplication() {
    String main = System.getProperty("sun.java.command", "").split(" ", 2)[0];
    if (main.equals(LAUNCHER)) {
      return true;
    }
    try {
      Path ownJar = Path.of(ExitOnSignal.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      return main.endsWith(".jar") && Path.of(main).toAbsolutePath().normalize().equals(ownJar.normalize());
    } catch (URISyntaxException | RuntimeException e) {
      return false;
    }
  }
}
