package dev.shelf.http.server;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.impl.HttpServerConnection;

/**
 * {@code http.idleTimeoutSec} closes a connection on which nothing moved for that long, but not
 * while one of its requests is being processed: a maximum-size import runs for many seconds
 * without a byte in either direction, and its client waits for the answer (Netty's handler alone
 * closed that connection, and the client never learnt the outcome of a write that committed).
 * A request counts as processed from the end of its body being read until the end of its
 * response being written (1xx interim answers are not the end), and while Shelf itself has paused
 * reading its body; a connection with none in progress times out as before: a silent client, or
 * a body the client stops sending, is still cut off.
 *
 * <p>Like {@link StrictFraming} it takes the place of a Vert.x pipeline handler ({@code idle}) on
 * each new HTTP/1.x connection, and adds a counter of requests before Vert.x's {@code handler};
 * {@code ImportIdleTimeoutTest} fails if an upgrade changes those names.
 */
final class IdleWhileQuiet extends IdleStateHandler {

  /** Requests begun (headers read), read to their end, and answered (HTTP/1.1 answers in order). */
  private long started;
  private long received;
  private long answered;

  private IdleWhileQuiet(HttpServerOptions options) {
    super(options.getReadIdleTimeout(), options.getWriteIdleTimeout(), options.getIdleTimeout(),
        options.getIdleTimeoutUnit());
  }

  /** Put on the server's connection handler: swaps the idle handler of each new HTTP/1.x connection. */
  static void install(HttpConnection connection, HttpServerOptions options) {
    if (connection instanceof HttpServerConnection http) {
      ChannelPipeline pipeline = http.channelHandlerContext().pipeline();
      if (pipeline.get("idle") instanceof IdleStateHandler && pipeline.get("handler") != null) {
        IdleWhileQuiet idle = new IdleWhileQuiet(options);
        pipeline.replace("idle", "idle", idle);
        pipeline.addBefore("handler", "requestsInProgress", idle.new Requests());
      }
    }
  }

  /**
   * Counts the requests in progress where messages are HTTP objects (after the codec; the idle
   * handler itself sits before it and sees bytes). Same channel, same event loop: no locking.
   */
  private final class Requests extends ChannelDuplexHandler {

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
      if (msg instanceof HttpRequest) {
        started++;
      }
      if (msg instanceof LastHttpContent) {
        received++;
      }
      super.channelRead(ctx, msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
      boolean interim = msg instanceof HttpResponse response
          && response.status().codeClass() == HttpStatusClass.INFORMATIONAL;
      if (msg instanceof LastHttpContent && !interim) {
        answered++;
      }
      super.write(ctx, msg, promise);
    }
  }

  @Override
  protected void channelIdle(ChannelHandlerContext ctx, IdleStateEvent evt) throws Exception {
    boolean waitingForAnswer = received > answered;
    // Vert.x stops reading while a handler is not ready for the body yet: that silence is ours.
    boolean bodyHeldByServer = started > answered && !ctx.channel().config().isAutoRead();
    if (!waitingForAnswer && !bodyHeldByServer) {
      super.channelIdle(ctx, evt);
    }
  }
}
