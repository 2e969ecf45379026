package dev.shelf.config;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Shelf's settings, checked once at start-up. Values come from, in order of precedence: an
 * environment variable ({@code http.bodyLimit} is {@code SHELF_HTTP_BODY_LIMIT}), the JSON config
 * (nested, as in {@code conf/config.json}), the default. Keys starting with {@code //} are comments.
 * An unknown key or a value of the wrong type or range fails with one line naming it: Shelf never
 * starts silently on defaults it was told not to use.
 */
public record ShelfConfig(
    String httpHost,
    int httpPort,
    int httpBodyLimit,
    int httpInstances,
    boolean httpRequireIfMatch,
    int httpIdleTimeoutSec,
    int httpStorageTimeoutMs,
    String dbPath,
    String dbSynchronous,
    int dbReaders,
    int dbBatchMax,
    int dbBatchWaitMs,
    int dbWriteQueueMax,
    int dbWriterStallMs,
    int eventsBufferSize,
    int eventsHeartbeatMs,
    int demoPageDelayMs,
    boolean demoBlocking,
    String authToken,
    boolean authProtectReads,
    int httpShutdownGraceMs,
    int httpImportBodyLimit,
    List<String> httpCorsOrigins,
    boolean adminEnabled,
    String adminToken,
    String adminBackupDir,
    String httpTlsCertPath,
    String httpTlsKeyPath,
    boolean metricsPublic,
    int httpBatchMax,
    String dbKind,
    String dbUrl,
    String dbPassword,
    int dbPoolSize,
    int eventsRetainCount,
    int eventsRetainHours,
    int eventsPollMs) {

  private static final int CORES = Runtime.getRuntime().availableProcessors();
  private static final String LOOPBACK = "127.0.0.1";
  private static final Set<String> SYNCHRONOUS_MODES = Set.of("OFF", "NORMAL", "FULL", "EXTRA");
  public static final String SQLITE = "sqlite";
  public static final String POSTGRES = "postgres";

  /** Every key, with its default. */
  public static final Map<String, Object> DEFAULTS = defaults();

  private static Map<String, Object> defaults() {
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("http.host", "127.0.0.1");
    d.put("http.port", 3000);
    d.put("http.bodyLimit", 65536);
    d.put("http.instances", CORES);
    d.put("http.requireIfMatch", false);
    d.put("http.idleTimeoutSec", 30);
    d.put("http.storageTimeoutMs", 10_000);
    d.put("db.path", "data/shelf.db");
    d.put("db.synchronous", "NORMAL");
    d.put("db.readers", CORES);
    d.put("db.batchMax", 512);
    d.put("db.batchWaitMs", 0);
    d.put("db.writeQueueMax", 10_000);
    d.put("db.writerStallMs", 30_000);
    d.put("events.bufferSize", 1000);
    d.put("events.heartbeatMs", 15_000);
    d.put("demo.pageDelayMs", 0);
    d.put("demo.blocking", false);
    d.put("auth.token", "");
    d.put("auth.protectReads", false);
    // null: follows auth.protectReads (public unless reads need the token)
    d.put("metrics.public", null);
    d.put("http.shutdownGraceMs", 10_000);
    d.put("http.importBodyLimit", 10 * 1024 * 1024);
    d.put("http.cors.origins", List.of());
    d.put("admin.enabled", false);
    d.put("admin.token", "");
    d.put("admin.backupDir", "data/backups");
    d.put("http.tls.certPath", "");
    d.put("http.tls.keyPath", "");
    d.put("http.batchMax", 100);
    d.put("db.kind", SQLITE);
    d.put("db.url", "");
    d.put("db.password", "");
    d.put("db.poolSize", 8);
    d.put("events.retainCount", 100_000);
    d.put("events.retainHours", 168);
    d.put("events.pollMs", 1_000);
    return java.util.Collections.unmodifiableMap(d);
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
    Values v = new Values(file, env, source);
    ShelfConfig config = new ShelfConfig(
        v.text("http.host", s -> s.isBlank() ? "must not be blank" : null),
        v.integer("http.port", 0, 65535),
        v.integer("http.bodyLimit", 1, Integer.MAX_VALUE),
        v.integer("http.instances", 1, 64),
        v.bool("http.requireIfMatch"),
        v.integer("http.idleTimeoutSec", 1, 3600),
        v.integer("http.storageTimeoutMs", 100, 600_000),
        v.text("db.path", s -> s.isBlank() ? "must not be blank" : null),
        v.text("db.synchronous", s -> SYNCHRONOUS_MODES.contains(s) ? null : "must be one of OFF, NORMAL, FULL, EXTRA"),
        v.integer("db.readers", 1, 64),
        v.integer("db.batchMax", 1, 10_000),
        v.integer("db.batchWaitMs", 0, 1_000),
        v.integer("db.writeQueueMax", 1, 1_000_000),
        v.integer("db.writerStallMs", 100, 3_600_000),
        v.integer("events.bufferSize", 1, 1_000_000),
        v.integer("events.heartbeatMs", 10, 3_600_000),
        v.integer("demo.pageDelayMs", 0, 60_000),
        v.bool("demo.blocking"),
        v.token("auth.token"),
        v.bool("auth.protectReads"),
        v.integer("http.shutdownGraceMs", 0, 600_000),
        v.integer("http.importBodyLimit", 1, Integer.MAX_VALUE),
        v.list("http.cors.origins"),
        v.bool("admin.enabled"),
        v.text("admin.token", s -> s.equals(s.strip()) ? null : "must not start or end with spaces"),
        v.text("admin.backupDir", s -> s.isBlank() ? "must not be blank" : null),
        v.text("http.tls.certPath", s -> s.equals(s.strip()) ? null : "must not start or end with spaces"),
        v.text("http.tls.keyPath", s -> s.equals(s.strip()) ? null : "must not start or end with spaces"),
        v.boolOr("metrics.public", !v.bool("auth.protectReads")),
        v.integer("http.batchMax", 1, 10_000),
        v.text("db.kind", s -> Set.of(SQLITE, POSTGRES).contains(s) ? null : "must be \"sqlite\" or \"postgres\""),
        v.text("db.url", PostgresUrl::problem),
        v.text("db.password", s -> null),
        v.integer("db.poolSize", 1, 1_000),
        v.integer("events.retainCount", 1, 100_000_000),
        v.integer("events.retainHours", 1, 100_000),
        v.integer("events.pollMs", 10, 3_600_000));
    if (config.httpTlsCertPath().isEmpty() != config.httpTlsKeyPath().isEmpty()) {
      String missing = config.httpTlsCertPath().isEmpty() ? "http.tls.certPath" : "http.tls.keyPath";
      throw v.bad(missing, "must be set too: HTTPS needs both the certificate and its key", "");
    }
    if (config.dbKind().equals(POSTGRES) && config.dbUrl().isBlank()) {
      throw v.bad("db.url", "is required when db.kind is \"postgres\" (a URI such as postgresql://shelf@127.0.0.1:5432/shelf)",
          config.dbUrl());
    }
    if (config.demoBlocking() && !config.httpHost().equals(LOOPBACK)) {
      throw v.bad("demo.blocking", "may only be true when http.host is " + LOOPBACK + ", not \""
          + config.httpHost() + "\": it lets any caller stall the server", true);
    }
    return config;
  }

  /** The same settings as nested JSON, the shape {@link #fromJson} reads. */
  public JsonObject toJson() {
    return new JsonObject()
        .put("http", new JsonObject().put("host", httpHost).put("port", httpPort)
            .put("bodyLimit", httpBodyLimit).put("instances", httpInstances)
            .put("requireIfMatch", httpRequireIfMatch).put("idleTimeoutSec", httpIdleTimeoutSec)
            .put("storageTimeoutMs", httpStorageTimeoutMs)
            .put("shutdownGraceMs", httpShutdownGraceMs).put("importBodyLimit", httpImportBodyLimit)
            .put("batchMax", httpBatchMax)
            .put("cors", new JsonObject().put("origins", new JsonArray(httpCorsOrigins)))
            .put("tls", new JsonObject().put("certPath", httpTlsCertPath).put("keyPath", httpTlsKeyPath)))
        .put("db", new JsonObject().put("path", dbPath).put("synchronous", dbSynchronous).put("readers", dbReaders)
            .put("batchMax", dbBatchMax).put("batchWaitMs", dbBatchWaitMs).put("writeQueueMax", dbWriteQueueMax)
            .put("writerStallMs", dbWriterStallMs)
            .put("kind", dbKind).put("url", dbUrl).put("password", dbPassword).put("poolSize", dbPoolSize))
        .put("events", new JsonObject().put("bufferSize", eventsBufferSize).put("heartbeatMs", eventsHeartbeatMs)
            .put("retainCount", eventsRetainCount).put("retainHours", eventsRetainHours).put("pollMs", eventsPollMs))
        .put("demo", new JsonObject().put("pageDelayMs", demoPageDelayMs).put("blocking", demoBlocking))
        .put("auth", new JsonObject().put("token", authToken).put("protectReads", authProtectReads))
        .put("metrics", new JsonObject().put("public", metricsPublic))
        .put("admin", new JsonObject().put("enabled", adminEnabled).put("token", adminToken)
            .put("backupDir", adminBackupDir));
  }

  /** True when Shelf serves HTTPS (and HTTP/2 through ALPN) instead of cleartext HTTP/1.1. */
  public boolean tls() {
    return !httpTlsCertPath.isEmpty();
  }

  /** {@code http.bodyLimit} becomes {@code SHELF_HTTP_BODY_LIMIT}. */
  public static String envName(String key) {
    return "SHELF_" + key.replaceAll("([a-z])([A-Z])", "$1_$2").replace('.', '_').toUpperCase(java.util.Locale.ROOT);
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

  /** Looks a key up in the environment, then the file, then the defaults, and checks its type. */
  private record Values(Map<String, Object> file, Map<String, String> env, String source) {

    String text(String key, Function<String, String> rule) {
      Object raw = raw(key);
      if (!(raw instanceof String s)) {
        throw bad(key, "must be a string", raw);
      }
      String problem = rule.apply(s);
      if (problem != null) {
        throw bad(key, problem, raw);
      }
      return s;
    }

    int integer(String key, int min, int max) {
      Object raw = raw(key);
      long value;
      if (raw instanceof Integer || raw instanceof Long) {
        value = ((Number) raw).longValue();
      } else if (raw instanceof String s && env.containsKey(envName(key)) && s.strip().matches("-?\\d{1,18}")) {
        value = Long.parseLong(s.strip());
      } else {
        throw bad(key, "must be an integer from " + min + " to " + max, raw);
      }
      if (value < min || value > max) {
        throw bad(key, "must be an integer from " + min + " to " + max, raw);
      }
      return (int) value;
    }

    /** The write token: the key's own variable, else {@code SHELF_TOKEN}; empty means no token. */
    String token(String key) {
      if (!env.containsKey(envName(key)) && env.containsKey("SHELF_TOKEN")) {
        return env.get("SHELF_TOKEN").strip();
      }
      return text(key, s -> s.strip().equals(s) ? null : "must not start or end with spaces").strip();
    }

    /** A boolean whose default (null) is {@code fallback}, which depends on another key. */
    boolean boolOr(String key, boolean fallback) {
      return raw(key) == null ? fallback : bool(key);
    }

    boolean bool(String key) {
      Object raw = raw(key);
      if (raw instanceof Boolean b) {
        return b;
      }
      if (raw instanceof String s && env.containsKey(envName(key)) && s.strip().matches("(?i)true|false")) {
        return Boolean.parseBoolean(s.strip());
      }
      throw bad(key, "must be true or false", raw);
    }

    /** A JSON array of strings, or (from the environment) a comma-separated list. */
    List<String> list(String key) {
      Object raw = raw(key);
      List<?> items;
      if (raw instanceof JsonArray array) {
        items = array.getList();
      } else if (raw instanceof List<?> list) {
        items = list;
      } else if (raw instanceof String s && env.containsKey(envName(key))) {
        items = Arrays.stream(s.split(",")).map(String::strip).filter(item -> !item.isEmpty()).toList();
      } else {
        throw bad(key, "must be a list of strings", raw);
      }
      if (!items.stream().allMatch(item -> item instanceof String text && !text.isBlank())) {
        throw bad(key, "must be a list of non-blank strings", raw);
      }
      return items.stream().map(String.class::cast).toList();
    }

    private Object raw(String key) {
      String fromEnv = env.get(envName(key));
      if (fromEnv != null) {
        return fromEnv;
      }
      return file.containsKey(key) ? file.get(key) : DEFAULTS.get(key);
    }

    ConfigException bad(String key, String problem, Object value) {
      String where = env.containsKey(envName(key)) ? "environment variable " + envName(key) : source;
      // A secret is never echoed into a log line.
      String shown = key.endsWith("token") || key.endsWith("password") ? "a hidden value"
          : value instanceof String s ? "\"" + PostgresUrl.redacted(s) + "\"" : String.valueOf(value);
      return new ConfigException(where + ": " + key + " " + problem + " (got " + shown + ")");
    }
  }
}
