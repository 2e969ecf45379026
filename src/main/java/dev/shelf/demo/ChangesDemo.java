package dev.shelf.demo;

import dev.shelf.client.Batch;
import dev.shelf.client.Book;
import dev.shelf.client.Query;
import dev.shelf.client.ShelfClient;
import dev.shelf.client.ShelfProblemException;
import io.vertx.core.Future;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Three ways to send ten changes (ten new books), timed, the tenth of each second try invalid:
 * <ol>
 * <li>one by one, concurrently, watched by {@code Future.all}: the nine good ones are stored
 *     whatever happens to the tenth;</li>
 * <li>all or none on the client: {@code Future.join} waits for all ten, and when any failed the
 *     client deletes (compensates) those that were stored; between the two, others can see them;</li>
 * <li>one {@code POST /batch}: the server applies all ten in one transaction, or none, and
 *     nobody ever sees half of it.</li>
 * </ol>
 * Only touches books whose titles carry its run tag, and deletes them at the end.
 */
final class ChangesDemo {

  private static final int CHANGES = 10;

  private final ShelfClient shelf;
  private final PrintStream out;
  private final String url;
  private final String tag = " (changes demo " + Long.toString(System.currentTimeMillis() % 46_656L, 36) + ")";

  ChangesDemo(ShelfClient shelf, PrintStream out, String url) {
    this.shelf = shelf;
    this.out = out;
    this.url = url;
  }

  String run() {
    out.println("changes demo against " + url + ": three ways to send " + CHANGES + " changes");
    try {
      long allMs = timed(() -> Demo.await(Future.all(creates("all", false))));
      out.printf("1. one by one, concurrently (Future.all): %d stored in %d ms%n", CHANGES, allMs);
      List<Future<Book>> joined = creates("join", true);
      long joinStart = System.nanoTime();
      Demo.await(Future.join(joined).otherwise(failed -> null));
      long undone = compensate(joined);
      long joinMs = millisSince(joinStart);
      out.printf("2. all or none on the client (Future.join + compensation): 1 failed, %d stored then deleted, in %d ms%n",
          undone, joinMs);
      long batchMs = timed(() -> Demo.await(batch("batch", false).commit()));
      long failedStart = System.nanoTime();
      ShelfProblemException refused = Demo.await(batch("refused", true).commit()
          .transform(done -> Future.succeededFuture((ShelfProblemException) done.cause())));
      long failedMs = millisSince(failedStart);
      out.printf("3. one atomic server-side batch (POST /batch): %d stored in %d ms; with one invalid: %d, none stored, in %d ms%n",
          CHANGES, batchMs, refused.status(), failedMs);
      return String.format("Summary: changes demo ran: Future.all %d in %d ms; Future.join 1 failed, %d undone in %d ms;"
          + " /batch %d in %d ms, with one invalid %d and none stored in %d ms",
          CHANGES, allMs, undone, joinMs, CHANGES, batchMs, refused.status(), failedMs);
    } finally {
      cleanUp();
    }
  }

  private List<Future<Book>> creates(String round, boolean lastInvalid) {
    List<Future<Book>> creates = new ArrayList<>();
    for (int i = 1; i <= CHANGES; i++) {
      creates.add(shelf.books().create(book(round, i, lastInvalid && i == CHANGES)));
    }
    return creates;
  }

  private Batch batch(String round, boolean lastInvalid) {
    Batch batch = shelf.batch();
    for (int i = 1; i <= CHANGES; i++) {
      batch.create(book(round, i, lastInvalid && i == CHANGES));
    }
    return batch;
  }

  /** A book of this run; an invalid one has a blank author, which the server refuses with 422. */
  private Book book(String round, int i, boolean invalid) {
    return Book.of(round + " " + i + tag, invalid ? " " : "Demo Author", 2000 + i);
  }

  /** Deletes what the client-side round stored, since one of its changes failed; answers how many. */
  private long compensate(List<Future<Book>> calls) {
    List<Future<Void>> deletes = calls.stream().filter(Future::succeeded)
        .map(call -> shelf.books().delete(call.result().id())).toList();
    Demo.await(Future.all(deletes));
    return deletes.size();
  }

  private void cleanUp() {
    List<Book> mine = Demo.await(shelf.books().list(Query.all().contains("(changes demo").limit(100))).items();
    Demo.await(Future.join(mine.stream().map(book -> shelf.books().delete(book.id())).toList()));
  }

  private static long timed(Runnable work) {
    long start = System.nanoTime();
    work.run();
    return millisSince(start);
  }

  private static long millisSince(long start) {
    return (System.nanoTime() - start) / 1_000_000;
  }
}
