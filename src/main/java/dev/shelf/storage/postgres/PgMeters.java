package dev.shelf.storage.postgres;

import dev.shelf.model.Resource;
import dev.shelf.storage.WriterStats;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The PostgreSQL store's meters, named as the SQLite store's so dashboards work for both:
 * {@code shelf_rows{table}} (set by each row count, which {@code /metrics} asks for at each
 * scrape) and the writer's {@code shelf_writer_batch_size} and {@code shelf_writer_queue_depth}.
 */
final class PgMeters {

  final WriterStats writer;
  private final MeterRegistry registry;
  private final Map<Resource, AtomicLong> rows = new LinkedHashMap<>();
  private final List<Gauge> gauges = new ArrayList<>();

  PgMeters(MeterRegistry registry) {
    this.registry = registry;
    this.writer = new WriterStats(registry);
    for (Resource resource : Resource.ALL) {
      AtomicLong count = new AtomicLong();
      rows.put(resource, count);
      gauges.add(Gauge.builder("shelf.rows", count, AtomicLong::get)
          .description("Rows per table, as of the last scrape of /metrics")
          .tag("table", resource.table())
          .register(registry));
    }
  }

  void counted(Map<Resource, Long> counts) {
    counts.forEach((resource, count) -> rows.get(resource).set(count));
  }

  void close() {
    gauges.forEach(registry::remove);
    writer.close();
  }
}
