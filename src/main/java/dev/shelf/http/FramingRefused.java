package dev.shelf.http;

/**
 * Why the server's decoder refused a request's HTTP/1.1 framing (two lengths, an unknown transfer
 * coding, two Host headers), and with what status; {@link Problems#invalidRequest} answers it.
 */
public final class FramingRefused extends RuntimeException {

  final int status;

  public FramingRefused(int status, String message) {
    super(message, null, false, false);
    this.status = status;
  }
}
