package dev.shelf.http;

import java.util.ArrayList;
import java.util.List;

/**
 * RFC 4180 CSV, both ways. Records end with CRLF; a field holding a comma, a double quote, CR or LF
 * is quoted, with its quotes doubled. Reading also takes LF-only line ends and a UTF-8 byte-order
 * mark, as spreadsheets write them.
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

  /**
   * Every record of {@code text}. A final line end is optional; blank lines are records of one
   * empty field, as the RFC has it.
   *
   * @throws ProblemException 400, naming the record with a stray or unclosed quote
   */
  static List<List<String>> parse(String text) {
    String input = text.startsWith("\uFEFF") ? text.substring(1) : text;
    List<List<String>> records = new ArrayList<>();
    List<String> record = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    int i = 0;
    boolean quoted = false;
    boolean afterQuote = false;
    while (i < input.length()) {
      char c = input.charAt(i);
      if (quoted) {
        if (c == '"' && i + 1 < input.length() && input.charAt(i + 1) == '"') {
          field.append('"');
          i++;
        } else if (c == '"') {
          quoted = false;
          afterQuote = true;
        } else {
          field.append(c);
        }
      } else if (c == ',') {
        record.add(field.toString());
        field.setLength(0);
        afterQuote = false;
      } else if (c == '\r' || c == '\n') {
        record.add(field.toString());
        field.setLength(0);
        afterQuote = false;
        records.add(record);
        record = new ArrayList<>();
        if (c == '\r' && i + 1 < input.length() && input.charAt(i + 1) == '\n') {
          i++;
        }
      } else if (afterQuote) {
        throw malformed(records.size() + 1, "has text after a closing quote");
      } else if (c == '"') {
        if (field.length() > 0) {
          throw malformed(records.size() + 1, "has a quote inside an unquoted field");
        }
        quoted = true;
      } else {
        field.append(c);
      }
      i++;
    }
    if (quoted) {
      throw malformed(records.size() + 1, "has a quoted field that is never closed");
    }
    if (field.length() > 0 || !record.isEmpty() || afterQuote) {
      record.add(field.toString());
      records.add(record);
    }
    return records;
  }

  /** {@code record} counts from 1 and includes the header. */
  private static ProblemException malformed(int record, String problem) {
    return ProblemException.badRequest("the CSV is malformed: record " + record + " " + problem);
  }
}
