package dev.shelf.http;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** Percent-decoding of a URL path (RFC 3986): {@code +} stays a plus, the bytes must be UTF-8. */
public final class PercentDecoding {

  private PercentDecoding() {
  }

  /** The decoded path, or null when an escape is broken or the bytes are not UTF-8. */
  public static String decode(String path) {
    if (path.indexOf('%') < 0) {
      return path;
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(path.length());
    for (int i = 0; i < path.length(); i++) {
      char c = path.charAt(i);
      if (c != '%') {
        int end = path.indexOf('%', i);
        end = end < 0 ? path.length() : end;
        bytes.writeBytes(path.substring(i, end).getBytes(StandardCharsets.UTF_8));
        i = end - 1;
        continue;
      }
      int high = i + 2 < path.length() ? Character.digit(path.charAt(i + 1), 16) : -1;
      int low = high < 0 ? -1 : Character.digit(path.charAt(i + 2), 16);
      if (low < 0) {
        return null;
      }
      bytes.write(high * 16 + low);
      i += 2;
    }
    try {
      return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes.toByteArray())).toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }
}
