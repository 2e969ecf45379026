package dev.shelf.http;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** Small responders shared by the handlers. */
public final class Responses {

  private Responses() {
  }

  /**
   * API answers must not be stored by caches (they change with every write); static files and
   * the docs' assets set their own Cache-Control, which this leaves alone.
   */
  public static void noStoreUnlessSet(RoutingContext ctx) {
    HttpServerResponse response = ctx.response();
    ctx.addHeadersEndHandler(v -> {
      if (!response.headers().contains("Cache-Control")) {
        response.putHeader("Cache-Control", "no-store");
      }
    });
    ctx.next();
  }

  /**
   * A HEAD answer runs the GET handler, and Vert.x then sends its headers without the body, but
   * also without the Content-Length a GET would carry: set it from the body that was not sent.
   * Streams (chunked) and answers that set their own length are left alone.
   */
  public static void headLikeGet(RoutingContext ctx) {
    if (ctx.request().method() == HttpMethod.HEAD) {
      HttpServerResponse response = ctx.response();
      ctx.addHeadersEndHandler(v -> {
        if (!response.isChunked() && !response.headers().contains(HttpHeaders.CONTENT_LENGTH)
            && response.getStatusCode() != 304 && response.bytesWritten() > 0) {
          response.putHeader(HttpHeaders.CONTENT_LENGTH, String.valueOf(response.bytesWritten()));
        }
      });
    }
    ctx.next();
  }

  public static void json(RoutingContext ctx, int status, JsonObject body) {
    ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(body.encode());
  }

  /** Sends JSON already encoded (e.g. by the store, off the event loop). */
  public static void json(RoutingContext ctx, int status, Buffer body) {
    ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(body);
  }
}
