package dev.shelf.client;

import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import java.util.Map;

/** The demo routes, for showing what a non-blocking server does with many slow requests at once. */
public final class DemoCalls {

  private final Api api;

  DemoCalls(Api api) {
    this.api = api;
  }

  /** {@code GET /demo/wait?ms=…}: the server answers after {@code ms} with a timer, holding no thread. */
  public Future<Integer> waitMs(int ms) {
    return call("/demo/wait", ms);
  }

  /**
   * {@code GET /demo/blocking-wait?ms=…}: the server sleeps on its event loop for {@code ms}, which
   * stalls every other request on that loop. Only a server started with {@code demo.blocking} on
   * answers it; any other answers 404.
   */
  public Future<Integer> blockingWaitMs(int ms) {
    return call("/demo/blocking-wait", ms);
  }

  private Future<Integer> call(String path, int ms) {
    return api.json(api.request(HttpMethod.GET, path, Map.of("ms", String.valueOf(ms)), null), null)
        .map(answer -> answer.getInteger("waitedMs"));
  }
}
