package dev.shelf.http.demo;

import dev.shelf.http.ProblemException;
import dev.shelf.http.Responses;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * The deliberate exception to "never block an event loop", kept apart so nobody copies it by
 * accident: {@code GET /demo/blocking-wait?ms=N} answers like {@code /demo/wait}, but by sleeping
 * on the event loop. While it sleeps, every other request on that loop waits too, and Vert.x's
 * blocked-thread checker logs a warning; the blocking demo measures exactly that. It answers only
 * when {@code demo.blocking} is on, which the config allows only on 127.0.0.1; otherwise it is 404.
 */
final class BlockingDemoHandler {

  private final boolean enabled;

  BlockingDemoHandler(boolean enabled) {
    this.enabled = enabled;
  }

  void blockingWait(RoutingContext ctx) {
    if (!enabled) {
      throw ProblemException.notFound("the blocking demo is off; start Shelf with demo.blocking=true "
          + "(SHELF_DEMO_BLOCKING=true) on 127.0.0.1 to try it");
    }
    int ms = DemoHandler.msParam(ctx);
    long start = System.nanoTime();
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    long slept = (System.nanoTime() - start) / 1_000_000;
    Responses.json(ctx, 200, new JsonObject().put("waitedMs", slept).put("blockedEventLoop", true));
  }
}
