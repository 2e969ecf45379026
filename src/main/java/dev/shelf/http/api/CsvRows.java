package dev.shelf.http.api;

import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.csv.CsvFactory;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import dev.shelf.http.ProblemException;
import dev.shelf.model.Field;
import dev.shelf.model.FieldError;
import dev.shelf.model.RecordInput;
import dev.shelf.model.Resource;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * An RFC 4180 CSV import, streamed with jackson-dataformat-csv: a header row naming the columns,
 * then one row per record. CRLF or LF line ends and a UTF-8 byte-order mark are taken, as
 * spreadsheets write them; a blank line is a record of one empty field, except at the end, where
 * editors leave them. Each data row becomes a JSON object under the header's names, its year read
 * as a number.
 */
final class CsvRows implements ImportRows {

  private static final CsvFactory FACTORY = new CsvFactory();
  /** A blank line, as RFC 4180 reads it: one empty field. */
  private static final List<String> BLANK = List.of("");

  private final Resource resource;
  private final CsvParser parser;
  private final List<String> header;
  /** Records read so far, the header included: the number error messages give. */
  private int records;
  /** Blank lines still to hand out before {@link #afterBlanks}. */
  private int blanksHeld;
  private List<String> afterBlanks;

  /** Opens the body and reads its header; null when the body holds no record at all. */
  static CsvRows open(Resource resource, Buffer body) {
    CsvRows rows = new CsvRows(resource, body);
    return rows.header == null ? null : rows;
  }

  private CsvRows(Resource resource, Buffer body) {
    this.resource = resource;
    try {
      this.parser = FACTORY.createParser(ImportRows.utf8(body));
    } catch (IOException e) {
      throw failure(e);
    }
    List<String> first = record();
    this.header = first == null ? null : checkHeader(first);
  }

  @Override
  public Row next() {
    List<String> values = record();
    return values == null ? null : toRow(values);
  }

  private Row toRow(List<String> values) {
    if (values.size() != header.size()) {
      return new Row(new JsonObject(), List.of(new FieldError("(row)",
          "has " + values.size() + " value(s); the header has " + header.size() + " column(s)")));
    }
    JsonObject record = new JsonObject();
    for (int c = 0; c < header.size(); c++) {
      record.put(header.get(c), typed(header.get(c), values.get(c)));
    }
    return new Row(record, List.of());
  }

  /**
   * The next record, or null at the end. Blank lines are held back until a record follows them,
   * so the ones at the very end are never handed out.
   */
  private List<String> record() {
    if (blanksHeld > 0) {
      blanksHeld--;
      return BLANK;
    }
    if (afterBlanks != null) {
      List<String> values = afterBlanks;
      afterBlanks = null;
      return values;
    }
    int blanks = 0;
    List<String> values;
    while ((values = rawRecord()) != null && (values.isEmpty() || values.equals(BLANK))) {
      blanks++;
    }
    if (values == null || blanks == 0) {
      return values;
    }
    afterBlanks = values;
    blanksHeld = blanks - 1;
    return BLANK;
  }

  /** The parser's next record (a blank line is empty, or one empty field), or null at the end. */
  private List<String> rawRecord() {
    try {
      records++;
      if (parser.nextToken() == null) {
        records--;
        return null;
      }
      List<String> values = new ArrayList<>();
      JsonToken token;
      while ((token = parser.nextToken()) != JsonToken.END_ARRAY && token != null) {
        values.add(parser.getText());
      }
      return values;
    } catch (IOException e) {
      throw failure(e);
    }
  }

  private List<String> checkHeader(List<String> names) {
    List<String> stripped = names.stream().map(String::strip).toList();
    Set<String> seen = new HashSet<>();
    for (String name : stripped) {
      if (resource.field(name).isEmpty() && !RecordInput.SERVER_FIELDS.contains(name)) {
        throw ProblemException.badRequest("the CSV header names an unknown column '" + name + "'; the columns of a "
            + resource.singular() + " are " + String.join(", ", resource.fields().stream().map(Field::name).toList()));
      }
      if (!seen.add(name)) {
        throw ProblemException.badRequest("the CSV header names the column '" + name + "' twice");
      }
    }
    return stripped;
  }

  /**
   * CSV has only text: an empty year is null, digits are a number, anything else is left for
   * validation to refuse. Text loses the mark an export put in front of formula-like values.
   */
  private Object typed(String column, String value) {
    boolean year = resource.field(column).map(f -> f.kind() == Field.Kind.YEAR).orElse(false);
    if (!year) {
      return Csv.restore(value);
    }
    String v = value.strip();
    if (v.isEmpty()) {
      return null;
    }
    return v.matches("-?\\d{1,9}") ? (Object) Integer.parseInt(v) : value;
  }

  private ProblemException failure(IOException e) {
    ProblemException notUtf8 = ImportRows.notUtf8(e);
    if (notUtf8 != null) {
      return notUtf8;
    }
    String message = String.valueOf(e.getMessage());
    String problem = message.contains("Missing closing quote") ? "has a quoted field that is never closed"
        : message.contains("Expected column separator") ? "has text after a closing quote"
        : "cannot be read";
    // The record being read when the parser gave up; the header is record 1.
    return ProblemException.badRequest("the CSV is malformed: record " + records + " " + problem);
  }
}
