package dev.shelf.http.server;

import dev.shelf.http.FramingRefused;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMessage;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.impl.HttpServerConnection;
import io.vertx.core.http.impl.VertxHttpRequestDecoder;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * HTTP/1.1 message framing as RFC 9112 section 6 wants it, checked where the request is decoded.
 * Netty resolves {@code Content-Length} together with {@code Transfer-Encoding: chunked} by
 * silently dropping the length (request smuggling lives in that gap), and reads a request whose
 * only coding is not {@code chunked} as having no body (so its body becomes the next request). Both
 * are decided inside the decoder, before any handler sees the request, so this decoder takes the
 * place of Vert.x's on each new connection and marks such requests as failed: Vert.x then hands
 * them to {@link Problems#invalidRequest} (a problem+json answer) and closes the connection, never
 * reading what follows as another request. Two {@code Host} headers are refused the same way.
 *
 * <p>It relies on Vert.x internals (the pipeline's {@code httpDecoder}); {@code StrictFramingTest}
 * sends each case over a raw socket, so an upgrade that changes them fails there. HTTP/2 has no
 * such framing and is left alone; cleartext HTTP/2 is off (see {@link ServerOptions}).
 */
final class StrictFraming extends VertxHttpRequestDecoder {

  /** The transfer codings RFC 9112 registers; a request with another one is 501. */
  private static final Set<String> KNOWN = Set.of("chunked", "gzip", "x-gzip", "deflate", "compress", "x-compress");

  /** Set once a request is refused: nothing after it on this connection is read as a request. */
  private boolean refusedOne;

  private StrictFraming(HttpServerOptions options) {
    super(options);
  }

  /** Put on the server's connection handler: swaps the decoder of each new HTTP/1.x connection. */
  static void install(HttpConnection connection, HttpServerOptions options) {
    if (connection instanceof HttpServerConnection http) {
      ChannelPipeline pipeline = http.channelHandlerContext().pipeline();
      if (pipeline.get("httpDecoder") instanceof VertxHttpRequestDecoder) {
        pipeline.replace("httpDecoder", "httpDecoder", new StrictFraming(options));
      }
    }
  }

  /** Called once per message, after its headers are read and before its body framing is chosen. */
  @Override
  protected boolean isContentAlwaysEmpty(HttpMessage message) {
    FramingRefused refused = check(message.headers());
    if (refused != null && message.decoderResult().isSuccess()) {
      message.setDecoderResult(DecoderResult.failure(refused));
      refusedOne = true;
    }
    return super.isContentAlwaysEmpty(message);
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf buffer, List<Object> out) throws Exception {
    if (refusedOne) {
      // Where a refused request ends is exactly what is in doubt: the rest is dropped, the connection closes.
      buffer.skipBytes(buffer.readableBytes());
      return;
    }
    super.decode(ctx, buffer, out);
  }

  private static FramingRefused check(HttpHeaders headers) {
    if (headers.getAll(HttpHeaderNames.HOST).size() > 1) {
      return new FramingRefused(400, "the request has more than one Host header");
    }
    List<String> codings = headers.getAll(HttpHeaderNames.TRANSFER_ENCODING);
    if (codings.isEmpty()) {
      return null;
    }
    if (headers.contains(HttpHeaderNames.CONTENT_LENGTH)) {
      return new FramingRefused(400, "the request has both Content-Length and Transfer-Encoding; send one");
    }
    for (String value : codings) {
      for (String coding : value.split(",")) {
        if (!KNOWN.contains(coding.strip().toLowerCase(Locale.ROOT))) {
          return new FramingRefused(501, "the transfer coding '" + coding.strip() + "' is not implemented; send chunked");
        }
      }
    }
    if (codings.size() != 1 || !codings.get(0).strip().equalsIgnoreCase("chunked")) {
      return new FramingRefused(400, "Transfer-Encoding must be exactly chunked");
    }
    return null;
  }
}
