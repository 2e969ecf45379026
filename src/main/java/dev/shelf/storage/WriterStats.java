package dev.shelf.storage;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The writer's meters: {@code shelf_writer_batch_size} (writes per commit; its count is the
 * commits, its total the writes) and {@code shelf_writer_queue_depth} (writes waiting for the writer).
 * Both stores group-commit, so both report them (the PostgreSQL one from its own writer).
 */
public final class WriterStats {

  static final String BATCH_SIZE = "shelf.writer.batch.size";

  private final MeterRegistry registry;
  private final DistributionSummary batches;
  private final List<Meter> meters = new ArrayList<>();

  public WriterStats(MeterRegistry registry) {
    this.registry = registry;
    this.batches = DistributionSummary.builder(BATCH_SIZE)
        .description("Writes committed together in one transaction (group commit)")
        .serviceLevelObjectives(1, 2, 4, 8, 16, 32, 64, 128, 256, 512)
        .register(registry);
    meters.add(batches);
  }

  /** Reports {@code depth} (read at each scrape) as the writer's queue depth. */
  public void watchQueue(Supplier<Number> depth) {
    meters.add(Gauge.builder("shelf.writer.queue.depth", depth)
        .description("Writes waiting for the single writer connection")
        .register(registry));
  }

  public void recordBatch(int size) {
    batches.record(size);
  }

  /** Removes the meters, so a later storage verticle on the same registry starts from fresh ones. */
  public void close() {
    meters.forEach(registry::remove);
  }
}
