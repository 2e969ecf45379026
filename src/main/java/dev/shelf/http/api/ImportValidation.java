package dev.shelf.http.api;

import dev.shelf.http.ProblemException;
import dev.shelf.model.FieldError;
import dev.shelf.model.InvalidRowsException;
import dev.shelf.model.RecordInput;
import dev.shelf.model.Resource;
import dev.shelf.model.RowError;
import dev.shelf.model.ValidationException;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * Validates the rows of an import as they are read, each like a single create, and hands out the
 * valid ones a chunk at a time. Once a row is invalid nothing more is handed out: the rest is only
 * read to count its bad rows, and the import ends with an {@link InvalidRowsException} that lists
 * the first {@value #MAX_REPORTED} of them. The report is bounded whatever the body: at most
 * {@value #MAX_REPORTED} rows, each with at most a few errors (see {@link ImportRows.Row}).
 */
final class ImportValidation {

  static final int MAX_REPORTED = 100;

  private final Resource resource;
  private final ImportRows rows;
  private final List<RowError> reported = new ArrayList<>();
  private int read;
  private int invalid;

  ImportValidation(Resource resource, ImportRows rows) {
    this.resource = resource;
    this.rows = rows;
  }

  /**
   * The next valid rows, at most {@code max}; empty once every row was read.
   *
   * @throws InvalidRowsException when any row of the whole body is invalid
   * @throws ProblemException 400 when the body holds no rows or cannot be read
   */
  List<JsonObject> next(int max) {
    List<JsonObject> valid = new ArrayList<>(Math.min(max, 1024));
    ImportRows.Row row;
    while (valid.size() < max && (row = rows.next()) != null) {
      read++;
      JsonObject values = check(row);
      if (values != null && invalid == 0) {
        valid.add(values);
      }
    }
    if (valid.size() < max) {
      finish();
    }
    return invalid == 0 ? valid : List.of();
  }

  /** Rows read so far. */
  int read() {
    return read;
  }

  private void finish() {
    if (invalid > 0) {
      throw new InvalidRowsException(reported, invalid, read);
    }
    if (read == 0) {
      throw ProblemException.badRequest("there are no rows to import");
    }
  }

  /** The values to store, or null when the row is invalid (and then it is counted, and maybe reported). */
  private JsonObject check(ImportRows.Row row) {
    List<FieldError> errors = new ArrayList<>(row.errors());
    JsonObject values = null;
    if (!row.values().isEmpty() || errors.isEmpty()) {
      try {
        values = RecordInput.validate(resource, row.values(), RecordInput.Mode.FULL);
      } catch (ValidationException e) {
        errors.addAll(0, e.errors());
      }
    }
    if (errors.isEmpty()) {
      return values;
    }
    invalid++;
    if (reported.size() < MAX_REPORTED) {
      reported.add(new RowError(read, errors));
    }
    return null;
  }
}
