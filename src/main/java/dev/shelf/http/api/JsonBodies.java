package dev.shelf.http.api;

import com.fasterxml.jackson.core.JsonParser;
import dev.shelf.http.ProblemException;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.core.json.jackson.JacksonCodec;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Request bodies are JSON. {@code application/json}, any {@code +json} type, {@code text/plain}
 * (which many clients send JSON as) and no Content-Type at all are read as JSON; anything else is
 * 415. Bytes must be valid UTF-8 and the JSON an object, else 400.
 */
final class JsonBodies {

  private JsonBodies() {
  }

  /**
   * Reads a request body that must be JSON: a form, an upload or any other type is refused with
   * 415 before a byte of it is read or decoded, then {@code body} buffers it (up to its limit).
   */
  static Handler<RoutingContext> reader(BodyHandler body) {
    return ctx -> {
      String type = ctx.request().getHeader("Content-Type");
      if (type == null || isJson(type)) {
        body.handle(ctx);
      } else {
        ctx.fail(new ProblemException(415,
            "request bodies must be JSON (application/json, +json or text/plain), not " + type));
      }
    };
  }

  static boolean isJson(String contentType) {
    String mediaType = contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
    return mediaType.isEmpty() || mediaType.equals("application/json") || mediaType.endsWith("+json")
        || mediaType.equals("text/plain");
  }

  /** The body as a JSON object; 400 when it is empty, not UTF-8, not JSON or not an object. */
  static JsonObject object(RoutingContext ctx) {
    Buffer body = ctx.body().buffer();
    if (body == null || body.length() == 0) {
      throw ProblemException.badRequest("a JSON object body is required");
    }
    return optionalObject(ctx);
  }

  /** Like {@link #object}, but null when there is no body. */
  static JsonObject optionalObject(RoutingContext ctx) {
    Buffer body = ctx.body().buffer();
    if (body == null || body.length() == 0) {
      return null;
    }
    Object value;
    try {
      value = strictJson(strictUtf8(body));
    } catch (DecodeException e) {
      throw ProblemException.badRequest("the body is not valid JSON");
    }
    if (value instanceof JsonObject object) {
      return object;
    }
    throw ProblemException.badRequest("the body must be a JSON object");
  }

  /**
   * Strict JSON (RFC 8259): Vert.x's own decoder accepts comments, which no client should need to
   * send and which let a body say more than it seems to.
   */
  private static Object strictJson(String text) {
    JsonParser parser = JacksonCodec.createParser(text);
    parser.disable(JsonParser.Feature.ALLOW_COMMENTS);
    return JacksonCodec.fromParser(parser, Object.class);
  }

  /** The body as text ("" when there is none, without a byte-order mark); 400 when it is not UTF-8. */
  static String text(RoutingContext ctx) {
    Buffer body = ctx.body().buffer();
    return body == null ? "" : strictUtf8(body);
  }

  private static String strictUtf8(Buffer body) {
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(body.getBytes()))
          .toString()
          // Editors on Windows write one; it is no part of the JSON (RFC 8259 lets a reader ignore it).
          .replaceFirst("^\uFEFF", "");
    } catch (CharacterCodingException e) {
      throw ProblemException.badRequest("the body is not valid UTF-8");
    }
  }
}
