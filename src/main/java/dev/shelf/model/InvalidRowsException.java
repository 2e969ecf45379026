package dev.shelf.model;

import java.util.List;

/**
 * An import with invalid rows: answered with 422, the rows and their field errors, and nothing
 * stored. {@code rows} may hold only the first of them; {@code invalidCount} counts them all.
 */
public final class InvalidRowsException extends RuntimeException {

  private final transient List<RowError> rows;
  private final int invalidCount;
  private final int total;

  public InvalidRowsException(List<RowError> rows, int invalidCount, int total) {
    super(invalidCount + " invalid row(s)", null, false, false);
    this.rows = List.copyOf(rows);
    this.invalidCount = invalidCount;
    this.total = total;
  }

  public List<RowError> rows() {
    return rows;
  }

  public int invalidCount() {
    return invalidCount;
  }

  public int total() {
    return total;
  }
}
