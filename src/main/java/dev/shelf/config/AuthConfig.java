package dev.shelf.config;

import io.vertx.core.json.JsonObject;
import java.util.Map;

/** The {@code auth.*} keys and {@code metrics.public}: which requests need the bearer token. */
public record AuthConfig(String token, boolean protectReads, boolean metricsPublic) {

  static void defaults(Map<String, Object> d) {
    d.put("auth.token", "");
    d.put("auth.protectReads", false);
    // null: follows auth.protectReads (public unless reads need the token)
    d.put("metrics.public", null);
  }

  static AuthConfig read(ConfigValues v) {
    boolean protectReads = v.bool("auth.protectReads");
    return new AuthConfig(v.token("auth.token"), protectReads, v.boolOr("metrics.public", !protectReads));
  }

  /** The auth section; {@code metrics.public} is a section of its own in the JSON. */
  JsonObject toJson() {
    return new JsonObject().put("token", token).put("protectReads", protectReads);
  }
}
