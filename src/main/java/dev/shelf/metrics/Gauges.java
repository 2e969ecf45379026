package dev.shelf.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Gauges that count up and down ({@code active_connections}, {@code pending}…), one counter per
 * name and tags in a registry. A registry keeps the first gauge registered under a name and tags
 * and ignores later ones, so every HTTP server and every Vert.x instance sharing the registry must
 * count into that same {@link LongAdder}, not one of its own; vertx-micrometer-metrics does the same.
 */
final class Gauges {

  private static final Map<MeterRegistry, Map<Meter.Id, LongAdder>> BY_REGISTRY =
      Collections.synchronizedMap(new WeakHashMap<>());

  private Gauges() {
  }

  static LongAdder adder(MeterRegistry registry, String name, String description, Tags tags) {
    Map<Meter.Id, LongAdder> adders = BY_REGISTRY.computeIfAbsent(registry, r -> new ConcurrentHashMap<>());
    return adders.computeIfAbsent(new Meter.Id(name, tags, null, description, Meter.Type.GAUGE), id -> {
      LongAdder adder = new LongAdder();
      Gauge.builder(name, adder, LongAdder::doubleValue).description(description).tags(tags).strongReference(true)
          .register(registry);
      return adder;
    });
  }
}
