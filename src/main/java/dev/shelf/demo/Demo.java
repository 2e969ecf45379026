package dev.shelf.demo;

import dev.shelf.client.ShelfClient;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.PoolOptions;
import java.io.PrintStream;
import java.net.ConnectException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs one demo against a running Shelf: {@code batch}, {@code wait} or {@code blocking}. Exits 0
 * when the demo ran (its last line is {@code Summary: …}), 1 when it could not (Shelf unreachable,
 * a call failed unexpectedly), 2 for a bad command line.
 */
public final class Demo {

  /** Nothing in a demo should take this long; if it does, something is stuck and we say so. */
  static final long TIMEOUT_S = 600;

  private Demo() {
  }

  public static void main(String[] args) {
    System.exit(run(System.out, System.err, args));
  }

  static int run(PrintStream out, PrintStream err, String... args) {
    DemoArgs demo;
    try {
      demo = DemoArgs.parse(args);
    } catch (IllegalArgumentException e) {
      err.println(e.getMessage());
      err.println(DemoArgs.USAGE);
      return 2;
    }
    Vertx vertx = Vertx.vertx();
    try (ShelfClient shelf = ShelfClient.create(vertx, demo.url(),
        new PoolOptions().setHttp1MaxSize(demo.connections()))) {
      String summary = switch (demo.name()) {
        case "batch" -> new BatchDemo(shelf, out, demo.url()).run();
        case "changes" -> new ChangesDemo(shelf, out, demo.url()).run();
        case "wait" -> new WaitDemo(WaitDemo.Kind.NON_BLOCKING, shelf, out, demo).run();
        default -> new WaitDemo(WaitDemo.Kind.BLOCKING, shelf, out, demo).run();
      };
      out.println(summary);
      return 0;
    } catch (Exception e) {
      // Vert.x's await rethrows a failure's cause as is, checked ones such as ConnectException too.
      err.println(demo.name() + " demo failed: " + e.getMessage());
      if (e instanceof ConnectException) {
        err.println("Is Shelf running at " + demo.url() + "? Start it with: java -jar target/shelf.jar");
      }
      return 1;
    } finally {
      vertx.close().await();
    }
  }

  /** Waits on the demo's own thread (never a Vert.x one); a failed future throws its cause. */
  static <T> T await(Future<T> future) {
    try {
      return future.await(TIMEOUT_S, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      throw new IllegalStateException("no answer within " + TIMEOUT_S + " s", e);
    }
  }

  /** Milliseconds since {@code startNanos}. */
  static long since(long startNanos) {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
  }
}
