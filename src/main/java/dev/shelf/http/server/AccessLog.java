package dev.shelf.http.server;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One line per request on the logger {@value #LOGGER}, when its response has ended (or its
 * connection closed first): client address, method, URI, status, body bytes sent and the time
 * from the request's arrival to its end, e.g. {@code 127.0.0.1 GET /books?limit=2 200 812B 3.4ms}.
 * Levels and destination are Logback's to set ({@code conf/logback.xml}).
 */
final class AccessLog implements Handler<RoutingContext> {

  static final String LOGGER = "shelf.access";
  private static final Logger LOG = LoggerFactory.getLogger(LOGGER);

  @Override
  public void handle(RoutingContext ctx) {
    if (LOG.isInfoEnabled()) {
      long start = System.nanoTime();
      ctx.addEndHandler(ended -> log(ctx, start, ended.succeeded()));
    }
    ctx.next();
  }

  /**
   * Written on the event loop once per request, so it is built by hand: Logback formats a message
   * on the caller's thread even with the async appender, and {@code String.format} plus SLF4J's
   * placeholders cost several times this. The client address is the connection's: asking the
   * request would run vertx-web's forwarded-header parser, which Shelf does not use.
   */
  private static void log(RoutingContext ctx, long start, boolean completed) {
    HttpServerRequest request = ctx.request();
    HttpServerResponse response = ctx.response();
    SocketAddress address = request.connection().remoteAddress();
    long tenths = (System.nanoTime() - start + 50_000) / 100_000;
    StringBuilder line = new StringBuilder(96)
        .append(address == null ? "-" : address.hostAddress()).append(' ')
        .append(request.method().name()).append(' ')
        .append(request.uri()).append(' ')
        .append(response.getStatusCode()).append(' ')
        .append(response.bytesWritten()).append("B ")
        .append(tenths / 10).append('.').append(tenths % 10).append("ms");
    if (!completed) {
      line.append(" (connection closed before the end)");
    }
    LOG.info(line.toString());
  }
}
