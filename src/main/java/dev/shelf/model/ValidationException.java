package dev.shelf.model;

import java.util.List;

/** Well-formed input whose fields break the rules: answered with 422 and every bad field at once. */
public final class ValidationException extends RuntimeException {

  private final transient List<FieldError> errors;

  public ValidationException(List<FieldError> errors) {
    super(errors.size() + " invalid field(s)", null, false, false);
    this.errors = List.copyOf(errors);
  }

  public List<FieldError> errors() {
    return errors;
  }
}
