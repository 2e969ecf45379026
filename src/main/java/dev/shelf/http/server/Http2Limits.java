package dev.shelf.http.server;

import dev.shelf.http.ProblemException;
import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;

/**
 * Gives HTTP/2 requests HTTP/1.1's size limits, with the same answers. Over HTTP/1.1 Netty refuses
 * a request line over {@link ServerOptions#MAX_REQUEST_LINE} or headers over
 * {@link ServerOptions#MAX_HEADERS} before routing (see {@link Problems#invalidRequest}); over
 * HTTP/2 the header block arrives decoded whole, so the same limits are checked here: 414 or 431
 * problem+json on that stream, and the connection carries on.
 */
final class Http2Limits implements Handler<RoutingContext> {

  @Override
  public void handle(RoutingContext ctx) {
    HttpServerRequest request = ctx.request();
    if (request.version() != HttpVersion.HTTP_2) {
      ctx.next();
    } else if (requestLineLength(request) > ServerOptions.MAX_REQUEST_LINE) {
      ctx.fail(new ProblemException(414, "the request line is too long"));
    } else if (headersLength(request.headers()) > ServerOptions.MAX_HEADERS) {
      ctx.fail(new ProblemException(431, "the request headers are too large"));
    } else {
      ctx.next();
    }
  }

  /** What the request line would be in HTTP/1.1: {@code GET /uri HTTP/1.1}. */
  private static int requestLineLength(HttpServerRequest request) {
    return request.method().name().length() + 1 + request.uri().length() + " HTTP/1.1".length();
  }

  /** What the header section would be in HTTP/1.1: {@code name: value} and CRLF per field. */
  private static long headersLength(MultiMap headers) {
    long length = 0;
    for (Map.Entry<String, String> header : headers) {
      length += header.getKey().length() + 2 + header.getValue().length() + 2;
    }
    return length;
  }
}
