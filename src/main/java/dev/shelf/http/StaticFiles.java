package dev.shelf.http;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.file.FileProps;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;

/**
 * Serves {@code webroot/}: from the working directory when it has one (edit pages without a
 * rebuild), else from the copy inside the jar. Vert.x reads the files asynchronously. Responses
 * carry {@code Last-Modified} and a weak {@code ETag} and ask to be revalidated
 * ({@code Cache-Control: no-cache}), so a browser gets 304 until a file changes.
 */
final class StaticFiles implements Handler<RoutingContext> {

  static final String ROOT = "webroot";

  private final Vertx vertx;
  private final StaticHandler files = StaticHandler.create(ROOT).setIndexPage("index.html");

  StaticFiles(Vertx vertx) {
    this.vertx = vertx;
  }

  @Override
  public void handle(RoutingContext ctx) {
    String path = ctx.normalizedPath();
    ctx.response().putHeader("Cache-Control", "no-cache");
    if (path == null || !path.startsWith("/") || path.contains("..") || path.contains("\\") || path.indexOf('\0') >= 0) {
      files.handle(ctx);
      return;
    }
    String file = ROOT + (path.endsWith("/") ? path + "index.html" : path);
    vertx.fileSystem().props(file).onComplete(props -> {
      if (props.succeeded() && props.result().isRegularFile()) {
        String etag = etag(props.result());
        ctx.response().putHeader("ETag", etag);
        String ifNoneMatch = ctx.request().getHeader("If-None-Match");
        if (ifNoneMatch != null && (ifNoneMatch.contains(etag) || ifNoneMatch.strip().equals("*"))) {
          ctx.response().setStatusCode(304).end();
          return;
        }
      }
      files.handle(ctx);
    });
  }

  private static String etag(FileProps props) {
    return "W/\"" + Long.toHexString(props.size()) + "-" + Long.toHexString(props.lastModifiedTime()) + "\"";
  }
}
