package dev.shelf;

import ch.qos.logback.classic.AsyncAppender;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;
import org.slf4j.Logger;

/**
 * The jar's default logging: INFO to stderr, Netty at WARN, the access log ({@code shelf.access})
 * at INFO. It is set in code rather than in a packaged {@code logback.xml} because reading XML costs
 * Logback a parser and several hundred classes, about a third of a second of every start on a
 * small machine. When a file is asked for ({@code -Dlogback.configurationFile=conf/logback.xml})
 * or one is on the class path ({@code logback-test.xml}, {@code logback.xml}), Logback reads that
 * file instead, as usual. Found by Logback through {@code META-INF/services}.
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_HIGH_PRIORITY)
public final class DefaultLogging extends ContextAwareBase implements Configurator {

  static final String PATTERN = "%d{HH:mm:ss.SSS} %-5level [%thread] %logger{20} - %msg%n";

  @Override
  public ExecutionStatus configure(LoggerContext context) {
    ClassLoader loader = DefaultLogging.class.getClassLoader();
    if (System.getProperty("logback.configurationFile") != null
        || loader.getResource("logback-test.xml") != null || loader.getResource("logback.xml") != null) {
      return ExecutionStatus.INVOKE_NEXT_IF_ANY;
    }
    PatternLayoutEncoder encoder = new PatternLayoutEncoder();
    encoder.setContext(context);
    encoder.setPattern(PATTERN);
    encoder.start();
    ConsoleAppender<ILoggingEvent> stderr = new ConsoleAppender<>();
    stderr.setContext(context);
    stderr.setName("STDERR");
    stderr.setTarget("System.err");
    stderr.setEncoder(encoder);
    stderr.start();
    ch.qos.logback.classic.Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    root.setLevel(Level.INFO);
    root.addAppender(stderr);
    context.getLogger("io.netty").setLevel(Level.WARN);
    // Vert.x's Micrometer metrics re-register event-bus gauges by design; Micrometer warns once about it.
    context.getLogger("io.micrometer.core.instrument.MeterRegistry").setLevel(Level.ERROR);
    // A connection accepted in the instant the server stops (all its handlers gone) is closed with a
    // warning and a stack trace from Netty; the client never got an answer, so nothing is lost.
    context.getLogger("io.netty.bootstrap.ServerBootstrap").setLevel(Level.ERROR);
    ch.qos.logback.classic.Logger access = context.getLogger("shelf.access");
    access.setLevel(Level.INFO);
    access.setAdditive(false);
    access.addAppender(offTheEventLoop(context, stderr));
    return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
  }

  /**
   * The access log is written on the event loop, once per request: a synchronous write to stderr
   * there is blocking I/O, and measured at half the GET throughput (about 10k against 20k req/s
   * with wrk here). Lines go through a queue to a thread of Logback's own instead; when the queue
   * is full (8,192 lines) new lines are dropped rather than stalling requests.
   */
  static AsyncAppender offTheEventLoop(LoggerContext context, ConsoleAppender<ILoggingEvent> target) {
    AsyncAppender async = new AsyncAppender();
    async.setContext(context);
    async.setName("ACCESS");
    async.setQueueSize(8192);
    async.setDiscardingThreshold(0);
    async.setNeverBlock(true);
    async.addAppender(target);
    async.start();
    return async;
  }
}
