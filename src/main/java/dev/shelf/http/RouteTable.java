package dev.shelf.http;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Declares routes on a {@link Router} and remembers which methods each path has, so a known path
 * asked with another method answers 405 with an {@code Allow} header, and an unknown one 404.
 * Every GET route answers HEAD too (RFC 9110 asks for HEAD wherever GET works): the same handler
 * runs, Vert.x sends no body, and {@link Responses#headLikeGet} keeps the Content-Length.
 */
public final class RouteTable {

  private final Router router;
  private final Map<String, Set<String>> methodsByPath = new LinkedHashMap<>();

  public RouteTable(Router router) {
    this.router = router;
  }

  @SafeVarargs
  public final RouteTable add(HttpMethod method, String path, Handler<RoutingContext>... handlers) {
    var route = router.route(method, path);
    if (method == HttpMethod.GET) {
      route.method(HttpMethod.HEAD);
    }
    for (Handler<RoutingContext> handler : handlers) {
      route.handler(handler);
    }
    Set<String> methods = methodsByPath.computeIfAbsent(path.replaceAll(":[a-zA-Z]+", "[^/]+"), p -> new TreeSet<>());
    methods.add(method.name());
    if (method == HttpMethod.GET) {
      methods.add(HttpMethod.HEAD.name());
    }
    return this;
  }

  /** A route that answers only its own method and stays out of the 405 table (assets, page hooks). */
  public RouteTable unlisted(HttpMethod method, String path, Handler<RoutingContext> handler) {
    var route = router.route(method, path).handler(handler);
    if (method == HttpMethod.GET) {
      route.method(HttpMethod.HEAD);
    }
    return this;
  }

  /** The last route: 405 with Allow for a known path, 404 for anything else. */
  public void notFoundOrNotAllowed(RoutingContext ctx) {
    String path = ctx.normalizedPath();
    Set<String> allowed = methodsByPath.entrySet().stream()
        .filter(e -> Pattern.matches(e.getKey(), path))
        .findFirst().map(Map.Entry::getValue).orElse(Set.of());
    if (allowed.isEmpty()) {
      Problems.send(ctx, 404, "no such resource: " + path);
    } else {
      ctx.response().putHeader("Allow", String.join(", ", allowed));
      Problems.send(ctx, 405, ctx.request().method() + " is not allowed on " + path
          + "; use " + String.join(", ", allowed));
    }
  }
}
