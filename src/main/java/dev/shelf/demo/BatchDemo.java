package dev.shelf.demo;

import dev.shelf.client.Book;
import dev.shelf.client.Movie;
import dev.shelf.client.Page;
import dev.shelf.client.Query;
import dev.shelf.client.ShelfClient;
import dev.shelf.client.ShelfProblemException;
import dev.shelf.client.ShelfRecord;
import io.vertx.core.Future;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * Fires a batch of API calls at once and waits for all of them, the two ways Vert.x offers.
 * Round 1: list books, add two books and a movie, delete a book and a movie, all in flight
 * together; {@code Future.all} succeeds once every call has. Round 2: a similar batch with one
 * call that must fail (a book with invalid fields), watched by {@code Future.all}, which fails as
 * soon as that call does, and by {@code Future.join}, which waits for every call and keeps each
 * result. The demo only touches records it created (their titles carry a run tag) and deletes
 * what is left of them at the end.
 */
final class BatchDemo {

  private final ShelfClient shelf;
  private final PrintStream out;
  private final String url;
  private final String tag = " (batch demo " + Long.toString(System.currentTimeMillis() % 46_656L, 36) + ")";
  private final List<String> bookTitles = new CopyOnWriteArrayList<>();
  private final List<String> movieTitles = new CopyOnWriteArrayList<>();

  BatchDemo(ShelfClient shelf, PrintStream out, String url) {
    this.shelf = shelf;
    this.out = out;
    this.url = url;
  }

  /** Runs both rounds and cleans up; answers the summary line. */
  String run() {
    out.println("batch demo against " + url);
    try {
      Book stageBook = Demo.await(shelf.books().create(book("Fahrenheit 451", "Ray Bradbury", 1953)));
      Movie stageMovie = Demo.await(shelf.movies().create(movie("Metropolis", "Fritz Lang", 1927)));
      out.printf("set-up: created book #%d and movie #%d for round 1 to delete%n", stageBook.id(), stageMovie.id());
      Round first = roundOne(stageBook, stageMovie);
      Round second = roundTwo(first.createdBook, first.createdMovie);
      return String.format("Summary: batch demo ran: Future.all %d/%d succeeded in %d ms; with one failing call"
          + " Future.all failed after %d ms and Future.join collected %d ok + %d failed in %d ms",
          first.succeeded, first.calls, first.allMs, second.allMs, second.succeeded, second.calls - second.succeeded,
          second.joinMs);
    } finally {
      cleanUp();
    }
  }

  private Round roundOne(Book deleteBook, Movie deleteMovie) {
    out.printf("%nround 1: six calls at once; Future.all waits for all of them to succeed%n");
    long start = System.nanoTime();
    Future<Book> addedBook = shelf.books().create(book("The Dispossessed", "Ursula K. Le Guin", 1974));
    Future<Movie> addedMovie = shelf.movies().create(movie("Solaris", "Andrei Tarkovsky", 1972));
    List<Future<String>> calls = List.of(
        track(start, "list books", shelf.books().list(Query.all().limit(5)), BatchDemo::describe),
        track(start, "add book", addedBook, BatchDemo::describe),
        track(start, "add book", shelf.books().create(book("Kindred", "Octavia E. Butler", 1979)), BatchDemo::describe),
        track(start, "add movie", addedMovie, BatchDemo::describe),
        track(start, "delete book #" + deleteBook.id(), shelf.books().delete(deleteBook.id()), done -> "deleted"),
        track(start, "delete movie #" + deleteMovie.id(), shelf.movies().delete(deleteMovie.id()), done -> "deleted"));
    long allMs = Demo.await(watch(start, "Future.all", Future.all(calls), calls));
    long ok = calls.stream().filter(Future::succeeded).count();
    if (ok != calls.size()) {
      throw new IllegalStateException("round 1 should succeed entirely, but " + (calls.size() - ok) + " call(s) failed");
    }
    return new Round(calls.size(), (int) ok, allMs, allMs, addedBook.result(), addedMovie.result());
  }

  private Round roundTwo(Book deleteBook, Movie deleteMovie) {
    out.printf("%nround 2: six calls at once, one of them bound to fail (a book with invalid fields);"
        + "%n         watched by Future.all (fails on the first failure) and Future.join (waits for every call)%n");
    long start = System.nanoTime();
    List<Future<String>> calls = List.of(
        track(start, "list movies", shelf.movies().list(Query.all().limit(5)), BatchDemo::describe),
        track(start, "add book", shelf.books().create(book("Piranesi", "Susanna Clarke", 2020)), BatchDemo::describe),
        track(start, "add movie", shelf.movies().create(movie("Stalker", "Andrei Tarkovsky", 1979)), BatchDemo::describe),
        track(start, "add book with invalid fields", shelf.books().create(Book.of(" ", null, 3000)), BatchDemo::describe),
        track(start, "delete book #" + deleteBook.id(), shelf.books().delete(deleteBook.id()), done -> "deleted"),
        track(start, "delete movie #" + deleteMovie.id(), shelf.movies().delete(deleteMovie.id()), done -> "deleted"));
    Future<Long> all = watch(start, "Future.all", Future.all(calls), calls);
    Future<Long> join = watch(start, "Future.join", Future.join(calls), calls);
    Demo.await(Future.join(all, join));
    List<Throwable> failures = calls.stream().filter(Future::failed).map(Future::cause).toList();
    if (failures.size() != 1 || !(failures.get(0) instanceof ShelfProblemException problem) || problem.status() != 422) {
      throw new IllegalStateException("round 2 should fail exactly one call with 422, but failed: " + failures);
    }
    out.printf("  Future.all reported only the failure; Future.join kept all six results: %d ok, 1 failed, a"
        + " ShelfProblemException with status %d, title \"%s\" and field errors %s%n",
        calls.size() - 1, problem.status(), problem.title(), problem.errors());
    return new Round(calls.size(), calls.size() - failures.size(), all.result(), join.result(), null, null);
  }

  /** Prints the call's outcome the moment it arrives, with the time since the batch started. */
  private <T> Future<String> track(long start, String label, Future<T> call, Function<T, String> describe) {
    return call.map(describe).andThen(done -> out.printf("  %+6d ms  %-30s %s%n", Demo.since(start), label,
        done.succeeded() ? "ok      " + done.result() : "FAILED  " + done.cause().getMessage()));
  }

  /**
   * Prints when a composite future completes and how many of the calls had answered by then;
   * always succeeds, with the milliseconds it took.
   */
  private Future<Long> watch(long start, String how, Future<?> composite, List<Future<String>> calls) {
    return composite.transform(done -> {
      long ms = Demo.since(start);
      long answered = calls.stream().filter(Future::isComplete).count();
      out.printf("  -> %s %s after %d ms, when %d of %d calls had answered%s%n", how,
          done.succeeded() ? "succeeded" : "failed", ms, answered, calls.size(),
          done.succeeded() ? "" : ": " + done.cause().getMessage());
      return Future.succeededFuture(ms);
    });
  }

  private static String describe(Object answer) {
    if (answer instanceof Page<?> page) {
      return page.items().size() + " on the first page" + (page.hasNext() ? ", more after it" : "");
    }
    ShelfRecord record = (ShelfRecord) answer;
    return "#" + record.id() + " \"" + record.title() + "\" (version " + record.version() + ")";
  }

  private Book book(String title, String author, int year) {
    bookTitles.add(title + tag);
    return Book.of(title + tag, author, year);
  }

  private Movie movie(String title, String director, int year) {
    movieTitles.add(title + tag);
    return Movie.of(title + tag, director, year);
  }

  /** Deletes whatever is left of the demo's records, by their exact titles. */
  private void cleanUp() {
    List<Future<Integer>> deletions = new ArrayList<>();
    bookTitles.forEach(title -> deletions.add(shelf.books().deleteByTitle(title)));
    movieTitles.forEach(title -> deletions.add(shelf.movies().deleteByTitle(title)));
    Demo.await(Future.join(deletions).transform(done -> Future.succeededFuture()));
    int removed = deletions.stream().filter(Future::succeeded).mapToInt(Future::result).sum();
    out.printf("%nclean-up: deleted the %d record(s) this run had left, by title%n", removed);
  }

  private record Round(int calls, int succeeded, long allMs, long joinMs, Book createdBook, Movie createdMovie) {
  }
}
