package dev.shelf.http.api;

import java.util.List;

/**
 * Writes RFC 4180 CSV for exports: records end with CRLF; a field holding a comma, a double quote,
 * CR or LF is quoted, with its quotes doubled. (Reading is streamed by a library: {@link CsvRows}.)
 *
 * <p>Spreadsheets run a cell that starts with {@code = + - @}, TAB or CR as a formula (OWASP "CSV
 * injection"). Such text is exported with a leading {@code '}, which spreadsheets show as text; text
 * that already starts with {@code '} gets one too, so {@link #restore} can strip exactly one on
 * import and an export imported again gives back every value unchanged.
 */
final class Csv {

  private static final String FORMULA_STARTS = "=+-@\t\r";
  private static final char TEXT_MARK = '\'';

  private Csv() {
  }

  /** One record, CRLF included. */
  static String record(List<?> values) {
    StringBuilder line = new StringBuilder();
    for (int i = 0; i < values.size(); i++) {
      if (i > 0) {
        line.append(',');
      }
      line.append(field(values.get(i)));
    }
    return line.append("\r\n").toString();
  }

  /** A field: empty for null, quoted when it must be. */
  static String field(Object value) {
    if (value == null) {
      return "";
    }
    String text = value instanceof String string ? neutralise(string) : value.toString();
    boolean quote = text.indexOf(',') >= 0 || text.indexOf('"') >= 0 || text.indexOf('\r') >= 0 || text.indexOf('\n') >= 0;
    return quote ? "\"" + text.replace("\"", "\"\"") + "\"" : text;
  }

  /** Text a spreadsheet would run as a formula (or that starts with the mark itself), marked as text. */
  static String neutralise(String text) {
    return needsMark(text, 0) ? TEXT_MARK + text : text;
  }

  /** Undoes {@link #neutralise}: strips one mark in front of what it would have marked; other text is left alone. */
  static String restore(String text) {
    return text.length() > 1 && text.charAt(0) == TEXT_MARK && needsMark(text, 1) ? text.substring(1) : text;
  }

  private static boolean needsMark(String text, int at) {
    return text.length() > at && (FORMULA_STARTS.indexOf(text.charAt(at)) >= 0 || text.charAt(at) == TEXT_MARK);
  }
}
