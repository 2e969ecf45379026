package dev.shelf.client;

import java.util.Objects;

/**
 * A precondition for a replace, patch or delete: change the record only if it is still at the
 * version the caller read, so two clients cannot silently overwrite each other. Sent as the
 * {@code If-Match} header with the version as a strong entity tag ({@code "3"}); when it no longer
 * matches, a server that enforces it answers 412, which fails the call with a
 * {@link ShelfProblemException} of that status.
 *
 * @param etag the entity tag exactly as it goes on the wire, quotes included
 */
public record IfMatch(String etag) {

  public IfMatch {
    Objects.requireNonNull(etag, "etag");
  }

  /** Matches the given version of a record. */
  public static IfMatch version(int version) {
    return new IfMatch("\"" + version + "\"");
  }

  /** Matches the version the record had when it was read. */
  public static IfMatch current(ShelfRecord record) {
    if (record.version() == null) {
      throw new IllegalArgumentException("a draft has no version to match; use a record read from Shelf");
    }
    return version(record.version());
  }
}
