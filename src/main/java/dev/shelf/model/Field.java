package dev.shelf.model;

/** A client-writable field of a record and the rules its value must follow. */
public record Field(String name, Kind kind) {

  public enum Kind {
    /** Required string, 1 to 200 characters after trimming. */
    TEXT,
    /** Optional integer from 0 to 2100, or null. */
    YEAR
  }

  public static final int TEXT_MAX = 200;
  public static final int YEAR_MIN = 0;
  public static final int YEAR_MAX = 2100;

  static Field text(String name) {
    return new Field(name, Kind.TEXT);
  }

  static Field year(String name) {
    return new Field(name, Kind.YEAR);
  }

  public boolean required() {
    return kind == Kind.TEXT;
  }

  /** Checks one value; returns the problem with it, or null when it is acceptable. */
  public String problemWith(Object value) {
    return switch (kind) {
      case TEXT -> textProblem(value);
      case YEAR -> yearProblem(value);
    };
  }

  private static String textProblem(Object value) {
    if (value == null) {
      return "is required";
    }
    if (!(value instanceof String s)) {
      return "must be a string";
    }
    String trimmed = s.strip();
    int length = trimmed.codePointCount(0, trimmed.length());
    if (length == 0) {
      return "must not be blank";
    }
    if (length > TEXT_MAX) {
      return "must be at most " + TEXT_MAX + " characters (got " + length + ")";
    }
    return null;
  }

  private static String yearProblem(Object value) {
    if (value == null) {
      return null;
    }
    if (!(value instanceof Integer || value instanceof Long || value instanceof java.math.BigInteger)) {
      return "must be an integer or null";
    }
    Number n = (Number) value;
    boolean inRange = !(value instanceof java.math.BigInteger)
        && n.longValue() >= YEAR_MIN && n.longValue() <= YEAR_MAX;
    return inRange ? null : "must be between " + YEAR_MIN + " and " + YEAR_MAX;
  }
}
