package dev.shelf.http.api;

import dev.shelf.http.ProblemException;
import dev.shelf.model.FieldError;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The rows of an import body, read one at a time from the buffered bytes ({@link CsvRows},
 * {@link JsonRows}): neither the text of the body nor all of its rows is ever held at once, so a
 * maximum-size import costs the body's bytes plus one chunk of rows. Blocking CPU work: call it on
 * a worker thread.
 */
interface ImportRows {

  /** At most this many names of unknown fields are reported per row; the rest are counted. */
  int MAX_UNKNOWN_REPORTED = 5;

  /**
   * One row as read: the values to validate (with at most {@value #MAX_UNKNOWN_REPORTED} unknown
   * names, mapped to null), and what is wrong with it before any validation (a CSV row of the wrong
   * width, a JSON value that is not an object, more unknown fields than are listed).
   */
  record Row(JsonObject values, List<FieldError> errors) {
  }

  /**
   * The next row, or null after the last.
   *
   * @throws ProblemException 400 when the body cannot be read any further (malformed, not UTF-8)
   */
  Row next();

  /**
   * Reads {@code body} as strict UTF-8 (a byte sequence that is not UTF-8 fails the read, see
   * {@link #notUtf8}), without the byte-order mark spreadsheets and some editors put first.
   */
  static Reader utf8(Buffer body) throws IOException {
    BufferedReader text = new BufferedReader(new InputStreamReader(new BufferInput(body), StandardCharsets.UTF_8
        .newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT)));
    text.mark(1);
    if (text.read() != '\uFEFF') {
      text.reset();
    }
    return text;
  }

  /** The 400 for a read that failed on bytes that are not UTF-8, else null. */
  static ProblemException notUtf8(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof CharacterCodingException) {
        return ProblemException.badRequest("the body is not valid UTF-8");
      }
    }
    return null;
  }

  /** The bytes of a buffer as a stream, without copying them. */
  final class BufferInput extends InputStream {

    private final Buffer buffer;
    private int position;

    BufferInput(Buffer buffer) {
      this.buffer = buffer;
    }

    @Override
    public int read() {
      return position < buffer.length() ? buffer.getByte(position++) & 0xff : -1;
    }

    @Override
    public int read(byte[] into, int offset, int length) {
      int left = buffer.length() - position;
      if (length == 0) {
        return 0;
      }
      if (left <= 0) {
        return -1;
      }
      int n = Math.min(length, left);
      buffer.getBytes(position, position + n, into, offset);
      position += n;
      return n;
    }
  }
}
