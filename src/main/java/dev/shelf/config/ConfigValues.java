package dev.shelf.config;

import io.vertx.core.json.JsonArray;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Looks a key up in the environment, then the file, then the defaults, and checks its type and
 * range; each area's config record reads its own keys through it.
 */
record ConfigValues(Map<String, Object> file, Map<String, String> env, Map<String, Object> defaults, String source) {

  static final Function<String, String> NOT_BLANK = s -> s.isBlank() ? "must not be blank" : null;
  static final Function<String, String> NOT_PADDED = s -> s.equals(s.strip()) ? null : "must not start or end with spaces";

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
    } else if (raw instanceof String s && fromEnv(key) && s.strip().matches("-?\\d{1,18}")) {
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
    if (!fromEnv(key) && env.containsKey("SHELF_TOKEN")) {
      return env.get("SHELF_TOKEN").strip();
    }
    return text(key, NOT_PADDED).strip();
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
    if (raw instanceof String s && fromEnv(key) && s.strip().matches("(?i)true|false")) {
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
    } else if (raw instanceof String s && fromEnv(key)) {
      items = Arrays.stream(s.split(",")).map(String::strip).filter(item -> !item.isEmpty()).toList();
    } else {
      throw bad(key, "must be a list of strings", raw);
    }
    if (!items.stream().allMatch(item -> item instanceof String text && !text.isBlank())) {
      throw bad(key, "must be a list of non-blank strings", raw);
    }
    return items.stream().map(String.class::cast).toList();
  }

  ConfigException bad(String key, String problem, Object value) {
    String where = fromEnv(key) ? "environment variable " + ShelfConfig.envName(key) : source;
    // A secret is never echoed into a log line.
    String shown = key.endsWith("token") || key.endsWith("password") ? "a hidden value"
        : value instanceof String s ? "\"" + PostgresUrl.redacted(s) + "\"" : String.valueOf(value);
    return new ConfigException(where + ": " + key + " " + problem + " (got " + shown + ")");
  }

  private boolean fromEnv(String key) {
    return env.containsKey(ShelfConfig.envName(key));
  }

  private Object raw(String key) {
    String fromEnv = env.get(ShelfConfig.envName(key));
    if (fromEnv != null) {
      return fromEnv;
    }
    return file.containsKey(key) ? file.get(key) : defaults.get(key);
  }
}
