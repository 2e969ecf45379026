package dev.shelf.storage.postgres;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * This node's writes waiting for their events to be published (by a read, when they could not be
 * published straight after COMMIT): each completes once the feed's position reaches its last id.
 * Used on the store's context only.
 */
final class PublishWaiters {

  private record Waiter(long id, Promise<Void> promise) {
  }

  private final List<Waiter> waiters = new ArrayList<>();

  /** Completes once the feed has published event {@code id}. */
  Future<Void> until(long id) {
    Promise<Void> published = Promise.promise();
    waiters.add(new Waiter(id, published));
    return published.future();
  }

  /** The feed published up to {@code position}: completes every write waiting for an id up to it. */
  void reached(long position) {
    for (Iterator<Waiter> it = waiters.iterator(); it.hasNext(); ) {
      Waiter waiter = it.next();
      if (waiter.id() <= position) {
        it.remove();
        waiter.promise().complete();
      }
    }
  }

  /** Fails every waiting write: whether its events were published cannot be told now. */
  void failAll(Throwable cause) {
    List<Waiter> failed = List.copyOf(waiters);
    waiters.clear();
    failed.forEach(waiter -> waiter.promise().fail(cause));
  }
}
