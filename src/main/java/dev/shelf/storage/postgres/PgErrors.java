package dev.shelf.storage.postgres;

import dev.shelf.storage.StoreException;
import io.vertx.pgclient.PgException;

/**
 * Turns what the PostgreSQL client fails with into a {@link StoreException}. A server that is down,
 * restarting, out of connections or unreachable is {@code UNAVAILABLE} (503: try again), a value
 * its constraints refuse is {@code CONFLICT}; anything else (a bug of ours) is passed on as it is, to be logged and answered as a bare 500.
 */
final class PgErrors {

  private PgErrors() {
  }

  static Throwable classify(Throwable failure) {
    if (failure instanceof StoreException known) {
      return known;
    }
    if (failure instanceof PgException pg) {
      String state = pg.getSqlState() == null ? "" : pg.getSqlState();
      if (state.startsWith("08") || state.startsWith("57P") || state.startsWith("53") || state.startsWith("58")
          || state.equals("40001") || state.equals("40P01") || state.equals("25P02")) {
        return unavailable(pg.getSqlState());
      }
      if (state.startsWith("23") || state.startsWith("22")) {
        return new StoreException(StoreException.Kind.CONFLICT, "the database refused the values: " + pg.getErrorMessage());
      }
      return failure;
    }
    if (failure instanceof NullPointerException || failure instanceof ClassCastException
        || failure instanceof IllegalArgumentException || failure instanceof IndexOutOfBoundsException) {
      return failure;
    }
    // Closed connections, refused connects, pool wait timeouts: the server is out of reach. The
    // client is told so without the server's address; the readiness check and the log say more.
    return unavailable(failure.getClass().getSimpleName());
  }

  static StoreException unavailable(String why) {
    return new StoreException(StoreException.Kind.UNAVAILABLE, "the database is unavailable (" + why + "); retry shortly");
  }
}
