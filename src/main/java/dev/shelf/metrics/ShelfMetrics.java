package dev.shelf.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmCompilationMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmHeapPressureMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmInfoMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.micrometer.VertxPrometheusOptions;
import io.vertx.micrometer.backends.BackendRegistries;
import java.util.List;

/**
 * Where Shelf's metrics live: the Prometheus registry that Vert.x's Micrometer metrics write to,
 * so one scrape of {@code /metrics} returns Vert.x's meters (HTTP server, event bus, pools, JVM)
 * and Shelf's own ({@code shelf_*}) together.
 */
public final class ShelfMetrics {

  private ShelfMetrics() {
  }

  /**
   * The options {@link MetricsSetup} gives every Vert.x instance: Prometheus backend. HTTP requests
   * (by route template, e.g. {@code /books/:id}, never the raw path; method; status) and event-bus
   * traffic (by address) are recorded by {@link BoundedMetrics} with bounded labels. JVM metrics are
   * bound by {@link #bindJvmMetrics} instead, off the start-up's critical path.
   */
  public static MicrometerMetricsOptions options() {
    return new MicrometerMetricsOptions()
        .setEnabled(true)
        .setPrometheusOptions(new VertxPrometheusOptions().setEnabled(true));
  }

  /**
   * Binds the JVM meters Vert.x's {@code jvmMetricsEnabled} would (memory, GC, threads, classes,
   * compilation, CPU) to {@link #registry()}. Blocking and slow-ish on a cold JVM (a few hundred
   * ms): the main verticle runs it on a worker while storage starts. Returns what to close at the end.
   */
  public static List<MeterBinder> bindJvmMetrics() {
    List<MeterBinder> binders = List.of(new ClassLoaderMetrics(), new JvmCompilationMetrics(), new JvmGcMetrics(),
        new JvmHeapPressureMetrics(), new JvmInfoMetrics(), new JvmMemoryMetrics(), new JvmThreadMetrics(),
        new ProcessorMetrics());
    MeterRegistry registry = registry();
    binders.forEach(binder -> binder.bindTo(registry));
    return binders;
  }

  /** Stops the binders that hold resources (the GC listeners). */
  public static void close(List<MeterBinder> binders) {
    for (MeterBinder binder : binders) {
      if (binder instanceof AutoCloseable closeable) {
        try {
          closeable.close();
        } catch (Exception e) {
          // Closing a listener cannot fail in a way that matters at shutdown.
        }
      }
    }
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
