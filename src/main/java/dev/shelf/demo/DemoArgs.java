package dev.shelf.demo;

import java.util.ArrayList;
import java.util.List;

/**
 * The command line of a demo: its name, then {@code --url}, {@code --n}, {@code --ms} and
 * {@code --each}. Anything else is refused with a message, never ignored.
 *
 * @param counts how many concurrent requests each round of the wait demos sends
 * @param ms how long each of those requests waits on the server
 * @param each print every request's time, not only when there are few of them
 */
record DemoArgs(String name, String url, List<Integer> counts, int ms, boolean each) {

  static final String USAGE = """
      usage: java -cp shelf.jar dev.shelf.demo.Demo <demo> [options]
        batch      fire a batch of API calls at once; wait for all with Future.all and Future.join
        changes    ten changes three ways: Future.all, Future.join + compensation, one atomic POST /batch
        wait       N concurrent GET /demo/wait?ms=... (non-blocking): the total stays near ms
        blocking   the same against GET /demo/blocking-wait (needs demo.blocking): the total grows with N
      options:
        --url URL     the Shelf to call (default http://127.0.0.1:3000)
        --n 10,100    the numbers of concurrent requests, one round each
                      (default 10,100,1000 for wait, 1,5,10 for blocking)
        --ms 2000     how long each request waits on the server, 0 to 10000 (default 2000)
        --each        print every request's time (by default only when N is at most 20)""";

  static final int MAX_COUNT = 10_000;

  static DemoArgs parse(String... args) {
    if (args.length == 0) {
      throw new IllegalArgumentException("which demo? batch, changes, wait or blocking");
    }
    String name = args[0];
    if (!List.of("batch", "changes", "wait", "blocking").contains(name)) {
      throw new IllegalArgumentException("no demo named '" + name + "'; use batch, changes, wait or blocking");
    }
    String url = "http://127.0.0.1:3000";
    List<Integer> counts = name.equals("blocking") ? List.of(1, 5, 10) : List.of(10, 100, 1000);
    int ms = 2000;
    boolean each = false;
    for (int i = 1; i < args.length; i++) {
      switch (args[i]) {
        case "--url" -> url = value(args, ++i, "--url");
        case "--n" -> counts = counts(value(args, ++i, "--n"));
        case "--ms" -> ms = integer(value(args, ++i, "--ms"), "--ms", 0, 10_000);
        case "--each" -> each = true;
        default -> throw new IllegalArgumentException("unknown option '" + args[i] + "'");
      }
    }
    return new DemoArgs(name, url, counts, ms, each);
  }

  /** Enough pooled connections for the largest round to be in flight at once. */
  int connections() {
    return Math.max(20, counts.stream().mapToInt(Integer::intValue).max().orElse(0));
  }

  private static String value(String[] args, int i, String option) {
    if (i >= args.length) {
      throw new IllegalArgumentException(option + " needs a value");
    }
    return args[i];
  }

  private static List<Integer> counts(String list) {
    List<Integer> counts = new ArrayList<>();
    for (String part : list.split(",")) {
      counts.add(integer(part.strip(), "--n", 1, MAX_COUNT));
    }
    return List.copyOf(counts);
  }

  private static int integer(String text, String option, int min, int max) {
    if (!text.matches("\\d{1,6}") || Integer.parseInt(text) < min || Integer.parseInt(text) > max) {
      throw new IllegalArgumentException(option + " must be an integer from " + min + " to " + max + ", got '" + text + "'");
    }
    return Integer.parseInt(text);
  }
}
