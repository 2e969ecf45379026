package dev.shelf.http;

import java.util.List;

/**
 * Writes RFC 4180 CSV for exports: records end with CRLF; a field holding a comma, a double quote,
 * CR or LF is quoted, with its quotes doubled. (Reading is streamed by a library: {@link CsvRows}.)
 */
final class Csv {

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
    String text = value.toString();
    boolean quote = text.indexOf(',') >= 0 || text.indexOf('"') >= 0 || text.indexOf('\r') >= 0 || text.indexOf('\n') >= 0;
    return quote ? "\"" + text.replace("\"", "\"\"") + "\"" : text;
  }
}
