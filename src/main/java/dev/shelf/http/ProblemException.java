package dev.shelf.http;

/** A request the HTTP side refuses itself, with the status and the detail to answer. */
public final class ProblemException extends RuntimeException {

  private final int status;

  public ProblemException(int status, String detail) {
    super(detail, null, false, false);
    this.status = status;
  }

  public int status() {
    return status;
  }

  public static ProblemException badRequest(String detail) {
    return new ProblemException(400, detail);
  }

  public static ProblemException notFound(String detail) {
    return new ProblemException(404, detail);
  }
}
