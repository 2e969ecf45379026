package dev.shelf.http;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.util.Locale;
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

  private static void log(RoutingContext ctx, long start, boolean completed) {
    HttpServerRequest request = ctx.request();
    HttpServerResponse response = ctx.response();
    String ms = String.format(Locale.ROOT, "%.1f", (System.nanoTime() - start) / 1e6);
    String remote = request.remoteAddress() == null ? "-" : request.remoteAddress().hostAddress();
    LOG.info("{} {} {} {} {}B {}ms{}", remote, request.method(), request.uri(), response.getStatusCode(),
        response.bytesWritten(), ms, completed ? "" : " (connection closed before the end)");
  }
}
