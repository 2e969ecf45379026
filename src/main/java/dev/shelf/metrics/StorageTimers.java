package dev.shelf.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;

/**
 * {@code shelf_storage_request_seconds{address,action,outcome}}: storage calls from the HTTP side
 * until the reply. Each timer is made once and found again through two map reads, not built and
 * looked up in the registry per call. Addresses and actions are the storage contract's constants,
 * outcomes a small fixed set, and each is capped ({@link Labels.Capped}) all the same.
 */
public final class StorageTimers {

  private static final Duration[] BUCKETS = {Duration.ofMillis(1), Duration.ofMillis(5), Duration.ofMillis(10),
      Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250),
      Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(5)};
  private static final int MAX_VALUES = 50;

  private final MeterRegistry registry;
  private final Labels.Capped<Labels.Capped<Labels.Capped<Timer>>> byAddress;

  public StorageTimers(MeterRegistry registry) {
    this.registry = registry;
    this.byAddress = new Labels.Capped<>(MAX_VALUES, address -> new Labels.Capped<>(MAX_VALUES,
        action -> new Labels.Capped<>(MAX_VALUES, outcome -> timer(address, action, outcome))));
  }

  public Timer get(String address, String action, String outcome) {
    return byAddress.get(address).get(action).get(outcome);
  }

  private Timer timer(String address, String action, String outcome) {
    return Timer.builder("shelf.storage.request")
        .description("Storage requests over the event bus, from the HTTP side, until the reply")
        .tag("address", address)
        .tag("action", action)
        .tag("outcome", outcome)
        .serviceLevelObjectives(BUCKETS)
        .register(registry);
  }
}
