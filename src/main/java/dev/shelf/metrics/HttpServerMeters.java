package dev.shelf.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.net.SocketAddress;
import io.vertx.core.spi.metrics.HttpServerMetrics;
import io.vertx.core.spi.observability.HttpRequest;
import io.vertx.core.spi.observability.HttpResponse;
import io.vertx.micrometer.MetricsNaming;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * The HTTP server's meters, under the names and labels vertx-micrometer-metrics uses
 * ({@code vertx_http_server_requests_total{route,method,code}} and its siblings), recorded without a
 * registry lookup per request: each (route, method, code) gets its meters once, the first time it
 * is seen, and later requests find them through one map read and two array reads. Every label
 * comes from a bounded set ({@link Labels}): a request with a made-up method is counted as
 * {@code OTHER}, so no request can add series.
 */
final class HttpServerMeters implements HttpServerMetrics<HttpServerMeters.Request, Void, Object> {

  /** Shelf declares a few dozen route templates; more than this means something is wrong. */
  private static final int MAX_ROUTES = 200;
  private static final Object CONNECTION = new Object();

  private final MeterRegistry registry;
  private final MetricsNaming names;
  private final LongAdder connections;
  private final Counter bytesRead;
  private final Counter bytesWritten;
  private final Counter errors;
  private final Counter resets;
  private final LongAdder[] activeByMethod = new LongAdder[Labels.METHOD_COUNT];
  private final DistributionSummary[] requestBytesByMethod = new DistributionSummary[Labels.METHOD_COUNT];
  private final Labels.Capped<Route> routes;

  HttpServerMeters(MeterRegistry registry, MetricsNaming naming) {
    this.registry = registry;
    this.names = naming.withBaseName("vertx.http.server.");
    connections = Gauges.adder(registry, names.getNetActiveConnections(), "Number of opened connections to the server",
        Tags.empty());
    bytesRead = Counter.builder(names.getNetBytesRead()).description("Number of bytes received by the server")
        .register(registry);
    bytesWritten = Counter.builder(names.getNetBytesWritten()).description("Number of bytes sent by the server")
        .register(registry);
    errors = Counter.builder(names.getNetErrorCount()).description("Number of errors").register(registry);
    resets = Counter.builder(names.getHttpRequestResetsCount()).description("Number of request resets")
        .register(registry);
    for (int m = 0; m < Labels.METHOD_COUNT; m++) {
      Tags method = Tags.of("method", Labels.methodName(m));
      activeByMethod[m] = Gauges.adder(registry, names.getHttpActiveRequests(), "Number of requests being processed",
          method);
      requestBytesByMethod[m] = DistributionSummary.builder(names.getHttpRequestBytes())
          .description("Size of requests in bytes").tags(method).register(registry);
    }
    routes = new Labels.Capped<>(MAX_ROUTES, Route::new);
  }

  /** What one request carries from its start to its end. */
  static final class Request {
    final int method;
    final long start = System.nanoTime();
    String route;
    boolean requestEnded;
    boolean responseEnded;
    boolean reset;

    Request(int method) {
      this.method = method;
    }
  }

  @Override
  public Object connected(SocketAddress remoteAddress, String remoteName) {
    connections.increment();
    return CONNECTION;
  }

  @Override
  public void disconnected(Object socketMetric, SocketAddress remoteAddress) {
    connections.decrement();
  }

  @Override
  public void bytesRead(Object socketMetric, SocketAddress remoteAddress, long numberOfBytes) {
    bytesRead.increment(numberOfBytes);
  }

  @Override
  public void bytesWritten(Object socketMetric, SocketAddress remoteAddress, long numberOfBytes) {
    bytesWritten.increment(numberOfBytes);
  }

  @Override
  public void exceptionOccurred(Object socketMetric, SocketAddress remoteAddress, Throwable t) {
    errors.increment();
  }

  @Override
  public Request requestBegin(Object socketMetric, HttpRequest request) {
    Request r = new Request(Labels.method(request.method()));
    activeByMethod[r.method].increment();
    return r;
  }

  @Override
  public void requestRouted(Request request, String route) {
    if (route != null) {
      request.route = request.route == null ? route : request.route + ">" + route;
    }
  }

  @Override
  public void requestEnd(Request request, HttpRequest httpRequest, long bytesRead) {
    requestBytesByMethod[request.method].record(bytesRead);
    request.requestEnded = true;
    if (!request.reset && request.responseEnded) {
      activeByMethod[request.method].decrement();
    }
  }

  @Override
  public void requestReset(Request request) {
    resets.increment();
    request.reset = true;
    activeByMethod[request.method].decrement();
  }

  @Override
  public void responseEnd(Request request, HttpResponse response, long bytesWritten) {
    Outcome outcome = routes.get(request.route == null ? "" : request.route).outcome(request.method,
        Labels.code(response.statusCode()));
    outcome.count.increment();
    outcome.time.record(System.nanoTime() - request.start, TimeUnit.NANOSECONDS);
    outcome.bytes.record(bytesWritten);
    request.responseEnded = true;
    if (!request.reset && request.requestEnded) {
      activeByMethod[request.method].decrement();
    }
  }

  /** The meters of one route template, by method and status code, made the first time each is seen. */
  private final class Route {
    private final String route;
    private final AtomicReferenceArray<AtomicReferenceArray<Outcome>> byMethod =
        new AtomicReferenceArray<>(Labels.METHOD_COUNT);

    Route(String route) {
      this.route = route;
    }

    Outcome outcome(int method, int code) {
      AtomicReferenceArray<Outcome> byCode = byMethod.get(method);
      if (byCode == null) {
        byMethod.compareAndSet(method, null, new AtomicReferenceArray<>(Labels.CODE_COUNT));
        byCode = byMethod.get(method);
      }
      Outcome outcome = byCode.get(code);
      if (outcome == null) {
        // Registering the same meters twice returns the same ones, so a race here is harmless.
        outcome = new Outcome(Tags.of("route", route, "method", Labels.methodName(method), "code", Labels.codeName(code)));
        byCode.set(code, outcome);
      }
      return outcome;
    }
  }

  /** The meters of one (route, method, code). */
  private final class Outcome {
    final Counter count;
    final Timer time;
    final DistributionSummary bytes;

    Outcome(Tags tags) {
      count = Counter.builder(names.getHttpRequestsCount()).description("Number of processed requests").tags(tags)
          .register(registry);
      time = Timer.builder(names.getHttpResponseTime()).description("Request processing time").tags(tags)
          .register(registry);
      bytes = DistributionSummary.builder(names.getHttpResponseBytes()).description("Size of responses in bytes")
          .tags(tags).register(registry);
    }
  }
}
