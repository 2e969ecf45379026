package dev.shelf.metrics;

import io.vertx.core.http.HttpMethod;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The bounded label values Shelf's meters use, so no request can add series: HTTP methods from
 * the standard set (any other name is {@value #OTHER}), status codes 100–599 (else
 * {@value #OTHER}), and route templates or event-bus addresses up to a fixed number of distinct
 * values (Shelf declares a few dozen; beyond the cap they are {@value #OTHER}).
 */
final class Labels {

  static final String OTHER = "OTHER";
  /** The methods that get a label of their own, by index; index {@code METHODS.size()} is OTHER. */
  static final List<HttpMethod> METHODS = List.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.POST, HttpMethod.PUT,
      HttpMethod.PATCH, HttpMethod.DELETE, HttpMethod.OPTIONS, HttpMethod.TRACE, HttpMethod.CONNECT);
  static final int METHOD_COUNT = METHODS.size() + 1;
  static final int FIRST_CODE = 100;
  /** Codes 100–599 by {@code code - 100}; the last index is OTHER. */
  static final int CODE_COUNT = 501;

  private Labels() {
  }

  /** A method's index; Vert.x returns its constants for the standard names, so identity suffices. */
  static int method(HttpMethod method) {
    for (int i = 0; i < METHODS.size(); i++) {
      if (METHODS.get(i) == method) {
        return i;
      }
    }
    return METHODS.size();
  }

  static String methodName(int index) {
    return index < METHODS.size() ? METHODS.get(index).name() : OTHER;
  }

  static int code(int status) {
    return status >= FIRST_CODE && status < FIRST_CODE + CODE_COUNT - 1 ? status - FIRST_CODE : CODE_COUNT - 1;
  }

  static String codeName(int index) {
    return index < CODE_COUNT - 1 ? String.valueOf(index + FIRST_CODE) : OTHER;
  }

  /**
   * Values of one label kept to at most {@code max} distinct ones: the first {@code max} seen get
   * their own meters, any later one shares the {@link #OTHER} meters. Lookups are one hash-map read.
   */
  static final class Capped<T> {

    private final Map<String, T> byValue = new ConcurrentHashMap<>();
    private final int max;
    private final java.util.function.Function<String, T> create;
    private volatile T other;

    Capped(int max, java.util.function.Function<String, T> create) {
      this.max = max;
      this.create = create;
    }

    T get(String value) {
      T found = byValue.get(value);
      if (found != null) {
        return found;
      }
      if (byValue.size() >= max) {
        T shared = other;
        if (shared == null) {
          shared = create.apply(OTHER);
          other = shared;
        }
        return shared;
      }
      return byValue.computeIfAbsent(value, create);
    }
  }
}
