package dev.shelf.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.datagram.DatagramSocketOptions;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.SocketAddress;
import io.vertx.core.spi.metrics.ClientMetrics;
import io.vertx.core.spi.metrics.DatagramSocketMetrics;
import io.vertx.core.spi.metrics.EventBusMetrics;
import io.vertx.core.spi.metrics.HttpClientMetrics;
import io.vertx.core.spi.metrics.HttpServerMetrics;
import io.vertx.core.spi.metrics.PoolMetrics;
import io.vertx.core.spi.metrics.TCPMetrics;
import io.vertx.core.spi.metrics.VertxMetrics;
import io.vertx.micrometer.MetricsNaming;

/**
 * Vert.x's metrics as vertx-micrometer-metrics records them, except on the two per-request paths:
 * the HTTP server ({@link HttpServerMeters}) and the event bus ({@link EventBusMeters}) record into
 * meters made once per label set, with every label from a bounded set. The stock ones built tags and
 * looked meters up in the registry five to eight times per request, which a profile under load put
 * at 11–16% of the event loops' time, and labelled requests by whatever method name a client sent.
 * Everything else (pools, clients, JVM) is the stock implementation's.
 */
final class BoundedMetrics implements VertxMetrics {

  private final VertxMetrics stock;
  private final MeterRegistry registry;
  private final MetricsNaming naming;

  BoundedMetrics(VertxMetrics stock, MeterRegistry registry, MetricsNaming naming) {
    this.stock = stock;
    this.registry = registry;
    this.naming = naming;
  }

  @Override
  public HttpServerMetrics<?, ?, ?> createHttpServerMetrics(HttpServerOptions options, SocketAddress localAddress) {
    return new HttpServerMeters(registry, naming);
  }

  @Override
  public EventBusMetrics<?> createEventBusMetrics() {
    return new EventBusMeters(registry, naming);
  }

  @Override
  public ClientMetrics<?, ?, ?> createClientMetrics(SocketAddress remoteAddress, String type, String namespace) {
    return stock.createClientMetrics(remoteAddress, type, namespace);
  }

  @Override
  public HttpClientMetrics<?, ?, ?> createHttpClientMetrics(HttpClientOptions options) {
    return stock.createHttpClientMetrics(options);
  }

  @Override
  public TCPMetrics<?> createNetServerMetrics(NetServerOptions options, SocketAddress localAddress) {
    return stock.createNetServerMetrics(options, localAddress);
  }

  @Override
  public TCPMetrics<?> createNetClientMetrics(NetClientOptions options) {
    return stock.createNetClientMetrics(options);
  }

  @Override
  public DatagramSocketMetrics createDatagramSocketMetrics(DatagramSocketOptions options) {
    return stock.createDatagramSocketMetrics(options);
  }

  @Override
  public PoolMetrics<?, ?> createPoolMetrics(String type, String name, int maxSize) {
    return stock.createPoolMetrics(type, name, maxSize);
  }

  @Override
  public void vertxCreated(Vertx vertx) {
    stock.vertxCreated(vertx);
  }

  @Override
  public boolean isMetricsEnabled() {
    return stock.isMetricsEnabled();
  }

  @Override
  public void close() {
    stock.close();
  }
}
