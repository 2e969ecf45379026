package dev.shelf.config;

import io.vertx.core.json.JsonObject;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Shelf's settings, checked once at start-up, one record per area: each slice owns its keys, their
 * defaults and checks, and each class gets only the slice it needs. Values come from, in order of
 * precedence: an environment variable ({@code http.bodyLimit} is {@code SHELF_HTTP_BODY_LIMIT}),
 * the JSON config (nested, as in {@code conf/config.json}), the default. Keys starting with
 * {@code //} are comments. An unknown key or a value of the wrong type or range fails with one line
 * naming it: Shelf never starts silently on defaults it was told not to use.
 */
public record ShelfConfig(HttpConfig http, DbConfig db, EventsConfig events, AuthConfig auth, AdminConfig admin,
    DemoConfig demo) {

  private static final String LOOPBACK = "127.0.0.1";

  /** Every key, with its default. */
  public static final Map<String, Object> DEFAULTS = defaults();

  private static Map<String, Object> defaults() {
    Map<String, Object> d = new LinkedHashMap<>();
    HttpConfig.defaults(d);
    DbConfig.defaults(d);
    EventsConfig.defaults(d);
    AuthConfig.defaults(d);
    AdminConfig.defaults(d);
    DemoConfig.defaults(d);
    return Collections.unmodifiableMap(d);
  }

  /** Reads a config handed to a verticle at deployment (already checked by the main verticle). */
  public static ShelfConfig fromJson(JsonObject json) {
    return load(json, Map.of(), "deployment config");
  }

  /**
   * Checks {@code json} (from {@code source}, named in errors) with {@code env} layered on top.
   *
   * @throws ConfigException naming the first bad key
   */
  public static ShelfConfig load(JsonObject json, Map<String, String> env, String source) {
    Map<String, Object> file = new LinkedHashMap<>();
    flatten("", json == null ? new JsonObject() : json, file, source);
    ConfigValues v = new ConfigValues(file, env, DEFAULTS, source);
    ShelfConfig config = new ShelfConfig(HttpConfig.read(v), DbConfig.read(v), EventsConfig.read(v),
        AuthConfig.read(v), AdminConfig.read(v), DemoConfig.read(v));
    if (config.demo().blocking() && !config.http().host().equals(LOOPBACK)) {
      throw v.bad("demo.blocking", "may only be true when http.host is " + LOOPBACK + ", not \""
          + config.http().host() + "\": it lets any caller stall the server", true);
    }
    return config;
  }

  /** The same settings as nested JSON, the shape {@link #fromJson} reads. */
  public JsonObject toJson() {
    return new JsonObject().put("http", http.toJson()).put("db", db.toJson()).put("events", events.toJson())
        .put("auth", auth.toJson()).put("metrics", new JsonObject().put("public", auth.metricsPublic()))
        .put("admin", admin.toJson()).put("demo", demo.toJson());
  }

  /** {@code http.bodyLimit} becomes {@code SHELF_HTTP_BODY_LIMIT}. */
  public static String envName(String key) {
    return "SHELF_" + key.replaceAll("([a-z])([A-Z])", "$1_$2").replace('.', '_').toUpperCase(Locale.ROOT);
  }

  private static void flatten(String prefix, JsonObject json, Map<String, Object> into, String source) {
    for (Map.Entry<String, Object> entry : json) {
      if (entry.getKey().startsWith("//")) {
        continue;
      }
      String key = prefix + entry.getKey();
      if (entry.getValue() instanceof JsonObject nested && !DEFAULTS.containsKey(key)) {
        flatten(key + ".", nested, into, source);
      } else if (!DEFAULTS.containsKey(key)) {
        throw new ConfigException(source + ": unknown config key '" + key + "' (known keys: "
            + String.join(", ", DEFAULTS.keySet()) + ")");
      } else {
        into.put(key, entry.getValue());
      }
    }
  }
}
