package dev.shelf.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import io.vertx.micrometer.Label;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.micrometer.VertxPrometheusOptions;
import io.vertx.micrometer.backends.BackendRegistries;

/**
 * Where Shelf's metrics live: the Prometheus registry that Vert.x's Micrometer metrics write to,
 * so one scrape of {@code /metrics} returns Vert.x's meters (HTTP server, event bus, pools, JVM)
 * and Shelf's own ({@code shelf_*}) together.
 */
public final class ShelfMetrics {

  private ShelfMetrics() {
  }

  /**
   * The options {@link MetricsSetup} gives every Vert.x instance: Prometheus backend, JVM metrics,
   * HTTP requests labelled by route (the route template, e.g. {@code /books/:id}, never the raw
   * path, so the number of series stays bounded) and event-bus traffic by address.
   */
  public static MicrometerMetricsOptions options() {
    return new MicrometerMetricsOptions()
        .setEnabled(true)
        .setJvmMetricsEnabled(true)
        .setPrometheusOptions(new VertxPrometheusOptions().setEnabled(true))
        .addLabels(Label.HTTP_ROUTE, Label.EB_ADDRESS);
  }

  /**
   * The registry of this process's Vert.x metrics; Micrometer's global registry (which keeps
   * nothing unless a registry is added to it) when Vert.x metrics were turned off.
   */
  public static MeterRegistry registry() {
    MeterRegistry registry = BackendRegistries.getDefaultNow();
    return registry == null ? Metrics.globalRegistry : registry;
  }
}
