package dev.shelf.http;

import io.vertx.ext.web.RoutingContext;
import java.util.List;

/**
 * The first handler of the router: refuses, as problem+json, requests that no route could read
 * before any route looks at them. A path with a broken percent-escape ({@code /books/%zz},
 * {@code /%}) would otherwise throw inside vertx-web's route matching, which answers a bare
 * {@code text/plain} 400 and logs a stack trace per request.
 */
final class RequestChecks {

  private RequestChecks() {
  }

  static void check(RoutingContext ctx) {
    try {
      ctx.normalizedPath();
    } catch (IllegalArgumentException brokenEscape) {
      Problems.send(ctx, 400, "the path has a broken percent-escape (a % must be followed by two hex digits)",
          List.of());
      return;
    }
    ctx.next();
  }
}
