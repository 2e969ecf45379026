package dev.shelf.http.server;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.HostAndPort;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.CorsHandler;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Set;

/**
 * Cross-origin access for the browsers of the origins in {@code http.cors.origins} (["*"] for any).
 * Same-origin requests (the page Shelf serves itself, which browsers also send an Origin with)
 * are never refused; other origins are refused with 403.
 */
final class Cors implements Handler<RoutingContext> {

  private final CorsHandler cors;

  Cors(List<String> origins) {
    this.cors = CorsHandler.create()
        .addOrigins(origins)
        .allowedMethods(Set.of(HttpMethod.GET, HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH, HttpMethod.DELETE))
        .allowedHeaders(Set.of("Content-Type", "Accept", "Authorization"))
        .exposedHeaders(Set.of("Location", "Content-Disposition"))
        .maxAgeSeconds(600);
  }

  @Override
  public void handle(RoutingContext ctx) {
    String origin = ctx.request().getHeader("Origin");
    if (origin == null || sameOrigin(origin, ctx.request())) {
      ctx.next();
    } else {
      cors.handle(ctx);
    }
  }

  private static boolean sameOrigin(String origin, HttpServerRequest request) {
    URI uri;
    try {
      uri = new URI(origin);
    } catch (URISyntaxException e) {
      return false;
    }
    HostAndPort self = request.authority();
    if (uri.getScheme() == null || uri.getHost() == null || self == null) {
      return false;
    }
    return uri.getScheme().equalsIgnoreCase(request.scheme())
        && uri.getHost().equalsIgnoreCase(self.host())
        && port(uri.getPort(), uri.getScheme()) == port(self.port(), request.scheme());
  }

  private static int port(int port, String scheme) {
    return port >= 0 ? port : "https".equalsIgnoreCase(scheme) ? 443 : 80;
  }
}
