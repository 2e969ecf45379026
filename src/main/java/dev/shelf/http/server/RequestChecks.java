package dev.shelf.http.server;

import dev.shelf.http.Problems;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/**
 * The first handler of the router: refuses, as problem+json, requests that no route could read
 * before any route looks at them. A path with a broken percent-escape ({@code /books/%zz},
 * {@code /%}) would otherwise throw inside vertx-web's route matching, which answers a bare
 * {@code text/plain} 400 and logs a stack trace per request. Two {@code Authorization} headers
 * are refused too: which one a check would read is a guess, and a proxy may have read the other.
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
    if (ctx.request().headers().getAll("Authorization").size() > 1) {
      Problems.send(ctx, 400, "the request has more than one Authorization header; send one");
      return;
    }
    ctx.next();
  }
}
