package dev.shelf.http;

import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** Small responders shared by the handlers. */
final class Responses {

  private Responses() {
  }

  /**
   * API answers must not be stored by caches (they change with every write); static files and
   * the docs' assets set their own Cache-Control, which this leaves alone.
   */
  static void noStoreUnlessSet(RoutingContext ctx) {
    HttpServerResponse response = ctx.response();
    ctx.addHeadersEndHandler(v -> {
      if (!response.headers().contains("Cache-Control")) {
        response.putHeader("Cache-Control", "no-store");
      }
    });
    ctx.next();
  }

  static void json(RoutingContext ctx, int status, JsonObject body) {
    ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(body.encode());
  }
}
