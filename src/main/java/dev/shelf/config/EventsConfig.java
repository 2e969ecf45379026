package dev.shelf.config;

import io.vertx.core.json.JsonObject;
import java.util.Map;

/** The {@code events.*} keys: the resume buffer, heartbeats, and (PostgreSQL) the event log. */
public record EventsConfig(int bufferSize, int heartbeatMs, int retainCount, int retainHours, int pollMs) {

  static void defaults(Map<String, Object> d) {
    d.put("events.bufferSize", 1000);
    d.put("events.heartbeatMs", 15_000);
    d.put("events.retainCount", 100_000);
    d.put("events.retainHours", 168);
    d.put("events.pollMs", 1_000);
  }

  static EventsConfig read(ConfigValues v) {
    return new EventsConfig(
        v.integer("events.bufferSize", 1, 1_000_000),
        v.integer("events.heartbeatMs", 10, 3_600_000),
        v.integer("events.retainCount", 1, 100_000_000),
        v.integer("events.retainHours", 1, 100_000),
        v.integer("events.pollMs", 10, 3_600_000));
  }

  JsonObject toJson() {
    return new JsonObject().put("bufferSize", bufferSize).put("heartbeatMs", heartbeatMs)
        .put("retainCount", retainCount).put("retainHours", retainHours).put("pollMs", pollMs);
  }
}
