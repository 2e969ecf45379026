package dev.shelf.model;

/** A client-writable field of a record and the rules its value must follow. */
public record Field(String name, Kind kind) {

  public enum Kind {
    /**
     * Required string of at most 200 characters (code points), counted and stored exactly as sent;
     * not blank: at least one character that is not whitespace or invisible.
     */
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
    int surrogate = unpairedSurrogate(s);
    if (surrogate >= 0) {
      // Stored as UTF-8 it would silently become "?": refuse instead of storing something else.
      return String.format("must be valid Unicode: it contains an unpaired surrogate (\\u%04x) at index %d",
          (int) s.charAt(surrogate), surrogate);
    }
    // Counted as sent, because it is stored as sent: the limit bounds what is kept, spaces included.
    int length = s.codePointCount(0, s.length());
    if (length > TEXT_MAX) {
      return "must be at most " + TEXT_MAX + " characters (got " + length + ")";
    }
    if (s.codePoints().allMatch(Field::isBlank)) {
      return "must not be blank";
    }
    return null;
  }

  /**
   * Characters that show nothing: whitespace and space separators (Character.isWhitespace alone
   * misses NBSP and its kin) and format characters such as ZERO WIDTH SPACE and the BOM.
   */
  private static boolean isBlank(int codePoint) {
    return Character.isWhitespace(codePoint) || Character.isSpaceChar(codePoint)
        || Character.getType(codePoint) == Character.FORMAT;
  }

  /** The index of the first high surrogate without a low one after it, or low one without a high one before. */
  private static int unpairedSurrogate(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        return i;
      }
    }
    return -1;
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
