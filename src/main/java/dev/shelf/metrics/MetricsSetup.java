package dev.shelf.metrics;

import io.vertx.core.VertxOptions;
import io.vertx.core.internal.VertxBootstrap;
import io.vertx.core.metrics.MetricsOptions;
import io.vertx.core.spi.VertxMetricsFactory;
import io.vertx.core.spi.VertxServiceProvider;
import io.vertx.core.spi.metrics.VertxMetrics;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.micrometer.backends.BackendRegistries;

/**
 * Turns Vert.x metrics on for every Vert.x instance in a process that has Shelf on its class
 * path, so {@code java -jar shelf.jar} needs no {@code -options} file or system property.
 *
 * <p>Why a service provider: Vert.x builds its metrics while the Vertx instance is created, before
 * any verticle runs, from {@code VertxOptions}. The launcher leaves them disabled unless told
 * otherwise, and a {@code VertxMetricsFactory} found on the class path is skipped while they are.
 * Vert.x calls every {@code VertxServiceProvider} listed in
 * {@code META-INF/services/io.vertx.core.spi.VertxServiceProvider} at that moment; this one sets
 * Shelf's {@link ShelfMetrics#options()} and lets the Micrometer factory build the metrics. Options
 * enabled explicitly (e.g. {@code -Dvertx.metrics.options.enabled=true} or {@code -options}) are
 * left as they are.
 *
 * <p>The metrics are the Micrometer factory's, with the HTTP server's and the event bus's replaced
 * by bounded, precomputed ones ({@link BoundedMetrics}).
 */
public final class MetricsSetup implements VertxServiceProvider {

  @Override
  public void init(VertxBootstrap bootstrap) {
    VertxOptions options = bootstrap.options();
    MetricsOptions configured = options.getMetricsOptions();
    if (configured != null && configured.isEnabled()) {
      return;
    }
    options.setMetricsOptions(ShelfMetrics.options());
    new Factory().init(bootstrap);
  }

  /** Builds the stock Micrometer metrics, then wraps them in {@link BoundedMetrics}. */
  private static final class Factory implements VertxMetricsFactory {
    @Override
    public VertxMetrics metrics(VertxOptions options) {
      VertxMetrics stock = new MicrometerMetricsFactory().metrics(options);
      MicrometerMetricsOptions micrometer = options.getMetricsOptions() instanceof MicrometerMetricsOptions set
          ? set : new MicrometerMetricsOptions(options.getMetricsOptions().toJson());
      return new BoundedMetrics(stock, BackendRegistries.getNow(micrometer.getRegistryName()),
          micrometer.getMetricsNaming());
    }
  }
}
