package dev.shelf.demo;

import dev.shelf.client.ShelfClient;
import io.vertx.core.Future;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

/**
 * Sends N requests that each wait {@code ms} on the server, all at once, and times them. Against
 * {@code /demo/wait} (a timer) they all finish together, so the total stays near {@code ms} for
 * any N. Against {@code /demo/blocking-wait} (a sleep on the event loop) each loop serves one at a
 * time, so the total grows with N: about N × ms divided by the server's event loops.
 */
final class WaitDemo {

  /** Which route the requests go to. */
  enum Kind {
    NON_BLOCKING("wait", "/demo/wait"),
    BLOCKING("blocking", "/demo/blocking-wait");

    final String label;
    final String path;

    Kind(String label, String path) {
      this.label = label;
      this.path = path;
    }
  }

  private static final int PRINT_EACH_UP_TO = 20;
  private static final int WARM_UP_MS = 200;

  private final Kind kind;
  private final PrintStream out;
  private final DemoArgs args;
  private final IntFunction<Future<Integer>> call;
  private final IntFunction<Future<Integer>> warmUpCall;

  WaitDemo(Kind kind, ShelfClient shelf, PrintStream out, DemoArgs args) {
    this.kind = kind;
    this.out = out;
    this.args = args;
    this.call = kind == Kind.NON_BLOCKING ? shelf.demo()::waitMs : shelf.demo()::blockingWaitMs;
    this.warmUpCall = shelf.demo()::waitMs;
  }

  /** Runs one round per N; answers the summary line. */
  String run() {
    out.printf("%s demo against %s: each request waits %d ms on the server%n", kind.label, args.url(), args.ms());
    List<String> totals = new ArrayList<>();
    for (int n : args.counts()) {
      totals.add("N=" + n + " total " + round(n) + " ms");
    }
    return "Summary: " + kind.label + " demo ran, ms=" + args.ms() + ": " + String.join(", ", totals);
  }

  private long round(int n) {
    boolean each = args.each() || n <= PRINT_EACH_UP_TO;
    out.printf("%nN=%d: %d request%s to GET %s?ms=%d, all at once%n",
        n, n, n == 1 ? "" : "s", kind.path, args.ms());
    warmUp(n);
    List<Future<Long>> timings = new ArrayList<>(n);
    long start = System.nanoTime();
    for (int i = 1; i <= n; i++) {
      int number = i;
      long sent = System.nanoTime();
      timings.add(call.apply(args.ms()).map(waited -> {
        long took = Demo.since(sent);
        if (each) {
          out.printf("  request %4d answered after %6d ms%n", number, took);
        }
        return took;
      }));
    }
    Demo.await(Future.all(timings));
    long total = Demo.since(start);
    List<Long> sorted = timings.stream().map(Future::result).sorted().toList();
    out.printf("  per request: min %d ms, median %d ms, max %d ms; all %d answered in %d ms%n",
        sorted.get(0), sorted.get(sorted.size() / 2), sorted.get(sorted.size() - 1), n, total);
    return total;
  }

  /**
   * Opens the N connections first, with short non-blocking waits that keep them all in use at
   * once, so the times measured next are the server's and not the cost of TCP set-up in a JVM
   * that has just started.
   */
  private void warmUp(int n) {
    long start = System.nanoTime();
    List<Future<Integer>> calls = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      calls.add(warmUpCall.apply(WARM_UP_MS));
    }
    Demo.await(Future.all(calls));
    out.printf("  warm-up: %d concurrent GET /demo/wait?ms=%d to open the connections took %d ms (not counted)%n",
        n, WARM_UP_MS, Demo.since(start));
  }
}
