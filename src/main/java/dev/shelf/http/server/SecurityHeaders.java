package dev.shelf.http.server;

import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;

/**
 * Headers every response carries: {@code X-Content-Type-Options: nosniff}, and for HTML pages a
 * Content-Security-Policy that allows only Shelf's own scripts, styles and API plus embedded
 * {@code data:} images. The pages in webroot/ are written to pass it: no inline scripts, styles or
 * event handlers.
 */
final class SecurityHeaders {

  static final String PAGE_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
      + "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

  private SecurityHeaders() {
  }

  static void add(RoutingContext ctx) {
    HttpServerResponse response = ctx.response();
    response.putHeader("X-Content-Type-Options", "nosniff");
    ctx.addHeadersEndHandler(v -> {
      String type = response.headers().get("Content-Type");
      if (type != null && type.startsWith("text/html")) {
        response.putHeader("Content-Security-Policy", PAGE_POLICY);
        response.putHeader("Referrer-Policy", "no-referrer");
      }
    });
    ctx.next();
  }
}
