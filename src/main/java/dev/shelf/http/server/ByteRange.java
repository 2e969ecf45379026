package dev.shelf.http.server;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One byte range of a file, from a {@code Range} header (RFC 9110 section 14): {@code bytes=10-19},
 * {@code bytes=10-} (to the end) or {@code bytes=-5} (the last 5 bytes). A last position past the
 * end is clamped to the end. A header that is not a single valid byte range (another unit,
 * several ranges, {@code bytes=5-2}) is ignored, as the RFC allows: the whole file is sent.
 */
record ByteRange(long first, long last) {

  /** A valid range that starts past the end of the file (or a suffix of 0 bytes): 416. */
  static final ByteRange UNSATISFIABLE = new ByteRange(-1, -1);

  private static final Pattern SINGLE = Pattern.compile("bytes\\s*=\\s*(\\d{0,18})\\s*-\\s*(\\d{0,18})");

  /** The range of a file of {@code size} bytes, {@link #UNSATISFIABLE}, or null to send the whole file. */
  static ByteRange parse(String header, long size) {
    Matcher m = SINGLE.matcher(header.strip().toLowerCase(Locale.ROOT));
    if (!m.matches() || (m.group(1).isEmpty() && m.group(2).isEmpty())) {
      return null;
    }
    if (m.group(1).isEmpty()) {
      long suffix = Long.parseLong(m.group(2));
      return suffix == 0 || size == 0 ? UNSATISFIABLE : new ByteRange(Math.max(0, size - suffix), size - 1);
    }
    long first = Long.parseLong(m.group(1));
    long last = m.group(2).isEmpty() ? Long.MAX_VALUE : Long.parseLong(m.group(2));
    if (last < first) {
      return null;
    }
    return first >= size ? UNSATISFIABLE : new ByteRange(first, Math.min(last, size - 1));
  }

  long length() {
    return last - first + 1;
  }

  /** The Content-Range value for a file of {@code size} bytes. */
  String contentRange(long size) {
    return this == UNSATISFIABLE ? "bytes */" + size : "bytes " + first + "-" + last + "/" + size;
  }
}
