package dev.shelf.client;

import io.vertx.core.Future;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.function.Function;

/**
 * One page of a list, and the way to the next one. The server's cursor stays inside: callers ask
 * {@link #hasNext()} and {@link #next()}, so the same query is always sent with it.
 *
 * @param <T> {@link Book} or {@link Movie}
 */
public final class Page<T> {

  private final List<T> items;
  private final String nextCursor;
  private final Function<String, Future<Page<T>>> fetch;

  Page(List<T> items, String nextCursor, Function<String, Future<Page<T>>> fetch) {
    this.items = List.copyOf(items);
    this.nextCursor = nextCursor;
    this.fetch = fetch;
  }

  /** The records of this page, in the query's order. */
  public List<T> items() {
    return items;
  }

  /** Whether the server has more records after this page. */
  public boolean hasNext() {
    return nextCursor != null;
  }

  /** Fetches the following page; fails with {@link NoSuchElementException} on the last page. */
  public Future<Page<T>> next() {
    if (nextCursor == null) {
      return Future.failedFuture(new NoSuchElementException("this is the last page"));
    }
    return fetch.apply(nextCursor);
  }

  @Override
  public String toString() {
    return "Page" + items + (hasNext() ? " (more)" : " (last)");
  }
}
