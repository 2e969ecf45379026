package dev.shelf.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.spi.metrics.EventBusMetrics;
import io.vertx.micrometer.MetricsNaming;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * The event bus's meters, under vertx-micrometer-metrics' names and labels
 * ({@code vertx_eventbus_sent_total{address,side}} and its siblings), with each address's meters
 * made once and found again through one map read, instead of building tags and looking meters up in
 * the registry several times per message. Vert.x's own addresses (replies, {@code __vertx.*}) are not
 * measured, as before; the number of addresses measured is capped ({@link Labels.Capped}).
 */
final class EventBusMeters implements EventBusMetrics<EventBusMeters.Address> {

  private static final int MAX_ADDRESSES = 100;

  private final MeterRegistry registry;
  private final MetricsNaming names;
  private final Labels.Capped<Address> addresses;

  EventBusMeters(MeterRegistry registry, MetricsNaming naming) {
    this.registry = registry;
    this.names = naming.withBaseName("vertx.eventbus.");
    this.addresses = new Labels.Capped<>(MAX_ADDRESSES, Address::new);
  }

  private static boolean internal(String address) {
    return address.startsWith("__vertx.");
  }

  @Override
  public Address handlerRegistered(String address) {
    if (internal(address)) {
      return null;
    }
    Address meters = addresses.get(address);
    meters.handlers.increment();
    return meters;
  }

  @Override
  public void handlerUnregistered(Address address) {
    if (address != null) {
      address.handlers.decrement();
    }
  }

  @Override
  public void messageDelivered(Address address, boolean local) {
    if (address != null) {
      Side side = address.side(local);
      side.pending.decrement();
      side.processed.increment();
    }
  }

  @Override
  public void discardMessage(Address address, boolean local, Message<?> msg) {
    if (address != null) {
      Side side = address.side(local);
      side.pending.decrement();
      side.discarded.increment();
    }
  }

  @Override
  public void messageSent(String address, boolean publish, boolean local, boolean remote) {
    if (!internal(address)) {
      Side side = addresses.get(address).side(local);
      (publish ? side.published : side.sent).increment();
    }
  }

  @Override
  public void messageReceived(String address, boolean publish, boolean local, int handlers) {
    if (!internal(address)) {
      Side side = addresses.get(address).side(local);
      side.received.increment();
      if (handlers > 0) {
        side.pending.add(handlers);
        side.delivered.increment();
      }
    }
  }

  @Override
  public void replyFailure(String address, ReplyFailure failure) {
    if (!internal(address)) {
      addresses.get(address).failure(failure).increment();
    }
  }

  /** The meters of one address: its handler count, both sides, reply failures by kind. */
  final class Address {
    private final Tags tags;
    final LongAdder handlers;
    private final Side local;
    private final Side remote;
    private final AtomicReferenceArray<Counter> failures = new AtomicReferenceArray<>(ReplyFailure.values().length);

    Address(String address) {
      tags = Tags.of("address", address);
      handlers = Gauges.adder(registry, names.getEbHandlers(), "Number of event bus handlers in use", tags);
      local = new Side(tags.and("side", "local"));
      remote = new Side(tags.and("side", "remote"));
    }

    Side side(boolean isLocal) {
      return isLocal ? local : remote;
    }

    Counter failure(ReplyFailure failure) {
      Counter counter = failures.get(failure.ordinal());
      if (counter == null) {
        counter = Counter.builder(names.getEbReplyFailures()).description("Number of message reply failures")
            .tags(tags.and("failure", failure.name())).register(registry);
        failures.set(failure.ordinal(), counter);
      }
      return counter;
    }
  }

  /** The meters of one address on one side (local or remote). */
  private final class Side {
    final LongAdder pending;
    final Counter processed;
    final Counter discarded;
    final Counter published;
    final Counter sent;
    final Counter received;
    final Counter delivered;

    Side(Tags tags) {
      pending = Gauges.adder(registry, names.getEbPending(), "Number of messages not processed yet", tags);
      processed = counter(names.getEbProcessed(), "Number of processed messages", tags);
      discarded = counter(names.getEbDiscarded(), "Number of discarded messages", tags);
      published = counter(names.getEbPublished(), "Number of messages published (publish / subscribe)", tags);
      sent = counter(names.getEbSent(), "Number of messages sent (point-to-point)", tags);
      received = counter(names.getEbReceived(), "Number of messages received", tags);
      delivered = counter(names.getEbDelivered(), "Number of messages delivered to handlers", tags);
    }

    private Counter counter(String name, String description, Tags tags) {
      return Counter.builder(name).description(description).tags(tags).register(registry);
    }
  }
}
