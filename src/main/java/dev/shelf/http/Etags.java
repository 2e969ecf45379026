package dev.shelf.http;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Entity tags of single records: the strong tag {@code "<version>"}. Reading one back from
 * If-Match or If-None-Match accepts a list and {@code *}; a weak tag {@code W/"3"} matches for
 * If-None-Match (weak comparison) but never for If-Match (strong comparison), as RFC 9110 says.
 */
public final class Etags {

  private static final Pattern TAG = Pattern.compile("\\s*(W/)?\"([^\"]*)\"\\s*");

  /** What an If-Match header asks for. */
  public interface Condition {
  }

  /** {@code If-Match: *}: the record must exist, at any version. */
  public record AnyVersion() implements Condition {
  }

  /** The record must be at one of these versions (in the order listed). */
  public record Versions(List<Long> versions) implements Condition {
  }

  /** The header names no version this record could have: the change cannot apply. */
  public record NoVersion(String header) implements Condition {
  }

  private Etags() {
  }

  public static String of(long version) {
    return "\"" + version + "\"";
  }

  /** Whether an If-None-Match header matches the record's current version. */
  public static boolean noneMatchHits(String header, long version) {
    if (header.strip().equals("*")) {
      return true;
    }
    return Arrays.stream(header.split(",")).map(TAG::matcher).filter(Matcher::matches)
        .anyMatch(m -> m.group(2).equals(String.valueOf(version)));
  }

  /** Reads If-Match (strong comparison: weak tags and tags that are no version are left out). */
  public static Condition ifMatch(String header) {
    if (header.strip().equals("*")) {
      return new AnyVersion();
    }
    List<Long> versions = new ArrayList<>();
    for (String part : header.split(",")) {
      Matcher m = TAG.matcher(part);
      if (m.matches() && m.group(1) == null && m.group(2).matches("[1-9]\\d{0,17}")) {
        versions.add(Long.parseLong(m.group(2)));
      }
    }
    return versions.isEmpty() ? new NoVersion(header) : new Versions(List.copyOf(versions));
  }
}
