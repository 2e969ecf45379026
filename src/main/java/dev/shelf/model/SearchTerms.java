package dev.shelf.model;

import java.util.ArrayList;
import java.util.List;

/**
 * The words of a {@code search}: runs of letters, digits and combining marks; everything else
 * (spaces, punctuation, quotes, {@code *}, {@code -}, {@code :}…) only separates them. So no
 * character a user types can reach a full-text engine as an operator: a store quotes each word
 * and asks for all of them, the last one as a prefix (search as you type).
 */
public final class SearchTerms {

  /** More words than this is a 400: each one is a separate index lookup. */
  public static final int MAX_WORDS = 16;
  /** A longer search is a 400. */
  public static final int MAX_LENGTH = 500;

  private SearchTerms() {
  }

  /** The words of {@code text}, in order; empty when it has none (blank, or all punctuation). */
  public static List<String> words(String text) {
    List<String> words = new ArrayList<>();
    StringBuilder word = new StringBuilder();
    text.codePoints().forEach(c -> {
      if (isWordChar(c)) {
        word.appendCodePoint(c);
      } else if (!word.isEmpty()) {
        words.add(word.toString());
        word.setLength(0);
      }
    });
    if (!word.isEmpty()) {
      words.add(word.toString());
    }
    // A word of marks alone (a stray combining accent) indexes as nothing, so it is dropped.
    words.removeIf(w -> w.codePoints().noneMatch(c -> Character.isLetterOrDigit(c) || isPrivateUse(c)));
    return words;
  }

  private static boolean isWordChar(int c) {
    int type = Character.getType(c);
    return Character.isLetterOrDigit(c) || isPrivateUse(c) || type == Character.NON_SPACING_MARK
        || type == Character.COMBINING_SPACING_MARK || type == Character.ENCLOSING_MARK
        || type == Character.LETTER_NUMBER || type == Character.OTHER_NUMBER;
  }

  private static boolean isPrivateUse(int c) {
    return Character.getType(c) == Character.PRIVATE_USE;
  }
}
