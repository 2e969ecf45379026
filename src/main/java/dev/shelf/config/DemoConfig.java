package dev.shelf.config;

import io.vertx.core.json.JsonObject;
import java.util.Map;

/** The {@code demo.*} keys: the slow page's delay, and whether the blocking demo route exists. */
public record DemoConfig(int pageDelayMs, boolean blocking) {

  static void defaults(Map<String, Object> d) {
    d.put("demo.pageDelayMs", 0);
    d.put("demo.blocking", false);
  }

  static DemoConfig read(ConfigValues v) {
    return new DemoConfig(v.integer("demo.pageDelayMs", 0, 60_000), v.bool("demo.blocking"));
  }

  JsonObject toJson() {
    return new JsonObject().put("pageDelayMs", pageDelayMs).put("blocking", blocking);
  }
}
