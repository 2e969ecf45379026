package dev.shelf.http;

/** A request the HTTP side refuses itself, with the status and the detail to answer. */
final class ProblemException extends RuntimeException {

  private final int status;

  ProblemException(int status, String detail) {
    super(detail, null, false, false);
    this.status = status;
  }

  int status() {
    return status;
  }

  static ProblemException badRequest(String detail) {
    return new ProblemException(400, detail);
  }

  static ProblemException notFound(String detail) {
    return new ProblemException(404, detail);
  }
}
