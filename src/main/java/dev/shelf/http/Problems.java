package dev.shelf.http;

import dev.shelf.model.FieldError;
import dev.shelf.model.InvalidRowsException;
import dev.shelf.model.RowError;
import dev.shelf.model.ValidationException;
import dev.shelf.storage.StoreException;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place that turns a failure into an HTTP answer: an RFC 9457 {@code application/problem+json}
 * body with type, title, status and detail, plus {@code errors} for validation. Storage failure
 * codes map to their statuses, a missing or silent storage to 503/504, anything unexpected to a
 * 500 whose body says nothing of the cause (the log has it).
 */
public final class Problems {

  public static final String CONTENT_TYPE = "application/problem+json";
  private static final Logger LOG = LoggerFactory.getLogger(Problems.class);

  private Problems() {
  }

  /** Failure handler for every route, and error handler for the router's own 4xx/5xx. */
  public static void handle(RoutingContext ctx) {
    Throwable failure = ctx.failure();
    Problem known = of(failure, ctx.request().method() + " " + ctx.request().path());
    if (known != null) {
      send(ctx, known);
    } else if (ctx.statusCode() >= 400 && ctx.statusCode() < 500) {
      // The router's own refusals (404, 405, 413 from the body handler, 403 from CORS), some with an exception attached.
      send(ctx, ctx.statusCode(), defaultDetail(ctx.statusCode()));
    } else if (failure instanceof HttpException http && http.getStatusCode() >= 400 && http.getStatusCode() < 500) {
      // vertx-web's own refusals, e.g. a query string with broken percent-escapes (?limit=%)
      send(ctx, http.getStatusCode(), defaultDetail(http.getStatusCode()));
    } else {
      LOG.error("Unhandled failure on {} {}", ctx.request().method(), ctx.request().path(), failure);
      send(ctx, 500, "the server failed to answer this request; the cause is in its log");
    }
  }

  /**
   * The problem a failure of the application's own answers as (validation, refusals, the store's
   * kinds), or null for anything else; {@code where} names the request in the log.
   */
  public static Problem of(Throwable failure, String where) {
    if (failure instanceof ValidationException invalid) {
      return new Problem(422, "the request body has invalid fields", invalid.errors(), null, Map.of());
    }
    if (failure instanceof InvalidRowsException rows) {
      return new Problem(422, rows.invalidCount() + " of " + rows.total() + " rows are invalid; nothing was imported",
          List.of(), new JsonObject().put("rows", new JsonArray(rows.rows().stream().map(RowError::toJson).toList())),
          Map.of());
    }
    if (failure instanceof ProblemException problem) {
      return Problem.of(problem.status(), problem.getMessage());
    }
    if (failure instanceof StoreException store) {
      return fromStore(store, where);
    }
    return null;
  }

  /** Each kind of store failure has one status; the store never speaks HTTP. */
  private static Problem fromStore(StoreException failure, String where) {
    return switch (failure.kind()) {
      case NOT_FOUND -> Problem.of(404, failure.getMessage());
      case INVALID -> Problem.of(400, failure.getMessage());
      case CONFLICT -> Problem.of(422, failure.getMessage());
      case VERSION_MISMATCH -> {
        long current = failure.currentVersion().orElseThrow();
        yield new Problem(412, "the record has changed: it is now at version " + current
            + "; read it again and retry with If-Match: " + Etags.of(current),
            List.of(), new JsonObject().put("currentVersion", current), Map.of("ETag", Etags.of(current)));
      }
      case OVERLOADED -> new Problem(503, failure.getMessage(), List.of(), null, Map.of("Retry-After", "1"));
      case UNAVAILABLE -> Problem.of(503, failure.getMessage());
      case STORAGE_FULL -> Problem.of(507, failure.getMessage());
      case TIMEOUT -> Problem.of(504, failure.getMessage());
      case FAILURE -> {
        LOG.error("Storage failed on {}: {}", where, failure.getMessage());
        yield Problem.of(500, "storage failed to answer this request; the cause is in the server log");
      }
    };
  }

  public static void send(RoutingContext ctx, Problem problem) {
    problem.headers().forEach(ctx.response()::putHeader);
    send(ctx, problem.status(), problem.detail(), problem.errors(), problem.extensions());
  }

  public static void send(RoutingContext ctx, int status, String detail) {
    send(ctx, status, detail, List.of(), null);
  }

  public static void send(RoutingContext ctx, int status, String detail, List<FieldError> errors) {
    send(ctx, status, detail, errors, null);
  }

  /** Sends a problem; {@code extensions} (may be null) adds members such as {@code currentVersion}. */
  public static void send(RoutingContext ctx, int status, String detail, List<FieldError> errors, JsonObject extensions) {
    HttpServerResponse response = ctx.response();
    if (response.headWritten()) {
      response.reset();
      return;
    }
    JsonObject body = body(status, detail, errors, extensions);
    response.setStatusCode(status)
        .putHeader("Content-Type", CONTENT_TYPE)
        .putHeader("Cache-Control", "no-store")
        .end(body.encode());
  }

  /** The problem+json body: type, title, status, detail, then {@code errors} and the extensions when there are any. */
  public static JsonObject body(int status, String detail, List<FieldError> errors, JsonObject extensions) {
    JsonObject body = new JsonObject()
        .put("type", "about:blank")
        .put("title", HttpResponseStatus.valueOf(status).reasonPhrase())
        .put("status", status)
        .put("detail", detail);
    if (!errors.isEmpty()) {
      body.put("errors", new JsonArray(errors.stream().map(FieldError::toJson).toList()));
    }
    if (extensions != null) {
      body.mergeIn(extensions);
    }
    return body;
  }

  /**
   * Requests Netty could not even parse (a 100 KB request line, huge headers, garbage): answered
   * like every other error, then the connection is closed since its state is unknown.
   */
  public static void invalidRequest(HttpServerRequest request) {
    Throwable cause = request.decoderResult().cause();
    int status = cause instanceof TooLongHttpLineException ? 414
        : cause instanceof TooLongHttpHeaderException ? 431
        : cause instanceof FramingRefused refused ? refused.status : 400;
    JsonObject body = new JsonObject().put("type", "about:blank")
        .put("title", HttpResponseStatus.valueOf(status).reasonPhrase()).put("status", status)
        .put("detail", status == 414 ? "the request line is too long" : status == 431
            ? "the request headers are too large"
            : cause instanceof FramingRefused ? cause.getMessage() : "the request is not valid HTTP");
    request.response().setStatusCode(status).putHeader("Content-Type", CONTENT_TYPE)
        .putHeader("X-Content-Type-Options", "nosniff").putHeader("Connection", "close")
        .end(body.encode()).onComplete(done -> request.connection().close());
  }

  private static String defaultDetail(int status) {
    return switch (status) {
      case 400 -> "the request could not be read (for example, broken percent-escapes in the query string)";
      case 403 -> "this Origin may not call the API (see http.cors.origins)";
      case 404 -> "no such resource";
      case 413 -> "the request body is larger than the configured limit";
      default -> HttpResponseStatus.valueOf(status).reasonPhrase();
    };
  }
}
