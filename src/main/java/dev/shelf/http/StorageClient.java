package dev.shelf.http;

import dev.shelf.metrics.ShelfMetrics;
import dev.shelf.storage.StorageContract;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Locale;

/**
 * Asks storage over the event bus ({@link StorageContract}) and times every request, by address,
 * action and outcome: {@code shelf_storage_request_seconds}. The time includes the wait for the
 * writer, so it is the latency a client sees from storage.
 */
final class StorageClient {

  private static final Duration[] BUCKETS = {Duration.ofMillis(1), Duration.ofMillis(5), Duration.ofMillis(10),
      Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250),
      Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(5)};

  private final Vertx vertx;
  private final long timeoutMs;
  private final MeterRegistry registry = ShelfMetrics.registry();

  /** {@code timeoutMs}: how long a request waits for its reply ({@code http.storageTimeoutMs}) before a 504. */
  StorageClient(Vertx vertx, long timeoutMs) {
    this.vertx = vertx;
    this.timeoutMs = timeoutMs;
  }

  Future<JsonObject> request(String address, String action, JsonObject body) {
    return request(address, action, body, timeoutMs);
  }

  Future<JsonObject> request(String address, String action, JsonObject body, long timeoutMs) {
    Timer.Sample sample = Timer.start(registry);
    DeliveryOptions options = new DeliveryOptions().addHeader(StorageContract.ACTION, action).setSendTimeout(timeoutMs);
    return vertx.eventBus().<JsonObject>request(address, body, options)
        .map(Message::body)
        .andThen(result -> sample.stop(Timer.builder("shelf.storage.request")
            .description("Storage requests over the event bus, from the HTTP side, until the reply")
            .tag("address", address)
            .tag("action", action)
            .tag("outcome", outcome(result))
            .serviceLevelObjectives(BUCKETS)
            .register(registry)));
  }

  /** A small, fixed set of values: ok, a storage failure code, no_handlers or timeout. */
  private static String outcome(AsyncResult<?> result) {
    if (result.succeeded()) {
      return "ok";
    }
    if (result.cause() instanceof ReplyException reply) {
      return switch (reply.failureType()) {
        case RECIPIENT_FAILURE -> String.valueOf(reply.failureCode());
        default -> reply.failureType().name().toLowerCase(Locale.ROOT);
      };
    }
    return "error";
  }
}
