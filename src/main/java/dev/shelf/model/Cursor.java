package dev.shelf.model;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Optional;

/**
 * The opaque {@code next} token of a list page: the sort key of the page's last row, plus a
 * checksum that binds it to the query it came from. A token that was edited, truncated or reused
 * with another sort or filter fails the check and is answered with 400 rather than a wrong page.
 * The checksum detects mistakes and tampering; it is not a secret.
 */
public final class Cursor {

  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

  private Cursor() {
  }

  /** Encodes a key for the query described by {@code fingerprint}. */
  public static String encode(JsonObject key, String fingerprint) {
    String payload = ENCODER.encodeToString(key.encode().getBytes(StandardCharsets.UTF_8));
    return payload + "." + checksum(payload, fingerprint);
  }

  /** Decodes a token; empty when it is malformed or was made for another query. */
  public static Optional<JsonObject> decode(String token, String fingerprint) {
    int dot = token.indexOf('.');
    if (dot <= 0 || !MessageDigest.isEqual(
        checksum(token.substring(0, dot), fingerprint).getBytes(StandardCharsets.US_ASCII),
        token.substring(dot + 1).getBytes(StandardCharsets.US_ASCII))) {
      return Optional.empty();
    }
    try {
      String json = new String(DECODER.decode(token.substring(0, dot)), StandardCharsets.UTF_8);
      return Optional.of(new JsonObject(json));
    } catch (IllegalArgumentException | DecodeException e) {
      return Optional.empty();
    }
  }

  private static String checksum(String payload, String fingerprint) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(payload.getBytes(StandardCharsets.UTF_8));
      sha.update((byte) 0);
      sha.update(fingerprint.getBytes(StandardCharsets.UTF_8));
      byte[] digest = sha.digest();
      return ENCODER.encodeToString(java.util.Arrays.copyOf(digest, 12));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }
}
