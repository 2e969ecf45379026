package dev.shelf.model;

import java.text.Normalizer;
import java.util.Locale;

/**
 * The form of a title or credit that sorting by title and the {@code q} substring match compare:
 * the text's Unicode case fold in NFC. "ÉCOLE", "École" and "école" have the same key, and so do
 * "STRASSE" and "Straße". Keys compare code point by code point (SQLite's BINARY order on UTF-8).
 *
 * <p>It is computed in Java and stored beside the text, because the SQLite bundled with
 * sqlite-jdbc has no ICU: its NOCASE and LIKE fold ASCII letters only. Full case folding is taken
 * as upper case then lower case in the root locale (ß → SS → ss, final ς → Σ → σ, ﬁ → FI → fi),
 * which is what Unicode's full case folding gives for every script Java's case tables cover.
 */
public final class TextKey {

  private TextKey() {
  }

  public static String of(String text) {
    String composed = Normalizer.normalize(text, Normalizer.Form.NFC);
    return Normalizer.normalize(composed.toUpperCase(Locale.ROOT).toLowerCase(Locale.ROOT), Normalizer.Form.NFC);
  }

  /** The column holding the key of a text field: {@code title_key}, {@code author_key}… */
  public static String column(String fieldName) {
    return fieldName + "_key";
  }
}
