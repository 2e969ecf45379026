package dev.shelf.http.demo;

import dev.shelf.http.ProblemException;
import dev.shelf.http.Responses;
import dev.shelf.http.RouteTable;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * Waits that show the point of an event loop: each one is a Vert.x timer, so a thousand of them
 * cost no thread. Nothing here sleeps.
 */
public final class DemoHandler {

  static final int MAX_WAIT_MS = 10_000;

  private final Vertx vertx;
  private final int pageDelayMs;

  public DemoHandler(Vertx vertx, int pageDelayMs) {
    this.vertx = vertx;
    this.pageDelayMs = pageDelayMs;
  }

  /**
   * {@code /demo/wait}, {@code /demo/blocking-wait} (404 unless {@code demo.blocking}), and the
   * landing page held back by {@code demo.pageDelayMs} when set.
   */
  public void mount(RouteTable routes, boolean blocking) {
    routes.add(HttpMethod.GET, "/demo/wait", this::waitMs)
        .add(HttpMethod.GET, "/demo/blocking-wait", new BlockingDemoHandler(blocking)::blockingWait);
    if (pageDelayMs > 0) {
      routes.unlisted(HttpMethod.GET, "/", this::delayPage).unlisted(HttpMethod.GET, "/index.html", this::delayPage);
    }
  }

  /** {@code GET /demo/wait?ms=N}: answers {@code {"waitedMs":N}} after N ms. */
  void waitMs(RoutingContext ctx) {
    int ms = msParam(ctx);
    after(ms, () -> Responses.json(ctx, 200, new JsonObject().put("waitedMs", ms)));
  }

  /** The {@code ms} query parameter, 0 to {@link #MAX_WAIT_MS}; anything else is a 400. */
  static int msParam(RoutingContext ctx) {
    String raw = ctx.queryParams().get("ms");
    if (raw == null || !raw.matches("\\d{1,5}") || Integer.parseInt(raw) > MAX_WAIT_MS) {
      throw ProblemException.badRequest("ms must be an integer from 0 to " + MAX_WAIT_MS + " (got '" + raw + "')");
    }
    return Integer.parseInt(raw);
  }

  /** Holds the landing page back by {@code demo.pageDelayMs}, then lets the static files serve it. */
  void delayPage(RoutingContext ctx) {
    after(pageDelayMs, ctx::next);
  }

  private void after(int ms, Runnable action) {
    if (ms == 0) {
      action.run();
    } else {
      vertx.setTimer(ms, timer -> action.run());
    }
  }
}
