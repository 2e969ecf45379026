package dev.shelf.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * HTTP/1.1 over a plain {@link Socket}: the request goes out byte for byte as written (no client
 * library tidies up its framing), and the answer is whatever the server sent until it closed the
 * connection or fell silent for {@code quietMs}.
 */
public final class RawHttp {

  private RawHttp() {
  }

  /** What came back: the raw text, and whether the server closed the connection. */
  public record Exchange(String text, boolean closed) {

    /** The status of the first response, or -1 when nothing came back. */
    public int status() {
      return text.startsWith("HTTP/1.") && text.length() >= 12 ? Integer.parseInt(text.substring(9, 12)) : -1;
    }

    /** The first response's head (status line and headers). */
    public String head() {
      int end = text.indexOf("\r\n\r\n");
      return end < 0 ? text : text.substring(0, end);
    }

    /** Everything after the first response's head. */
    public String afterHead() {
      int end = text.indexOf("\r\n\r\n");
      return end < 0 ? "" : text.substring(end + 4);
    }

    /** A header of the first response (names compared without case), or null. */
    public String header(String name) {
      for (String line : head().split("\r\n")) {
        int colon = line.indexOf(':');
        if (colon > 0 && line.substring(0, colon).strip().toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT))) {
          return line.substring(colon + 1).strip();
        }
      }
      return null;
    }

    /** How many responses came back (counted by status lines). */
    public int responses() {
      return text.split("HTTP/1\\.1 \\d{3} ", -1).length - 1;
    }
  }

  /** Sends {@code request} and reads until the server closes the connection or is quiet for {@code quietMs}. */
  public static Exchange send(int port, String request, int quietMs) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(quietMs);
      socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
      socket.getOutputStream().flush();
      InputStream in = socket.getInputStream();
      ByteArrayOutputStream got = new ByteArrayOutputStream();
      byte[] buffer = new byte[8192];
      boolean closed = false;
      try {
        for (int n = in.read(buffer); ; n = in.read(buffer)) {
          if (n < 0) {
            closed = true;
            break;
          }
          got.write(buffer, 0, n);
        }
      } catch (SocketTimeoutException quiet) {
        // the server kept the connection open and said nothing more
      } catch (IOException reset) {
        closed = true;
      }
      return new Exchange(got.toString(StandardCharsets.UTF_8), closed);
    }
  }
}
