package dev.shelf.http;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Set;

/**
 * When {@code auth.token} is set, every write to the API (and every admin route, unless
 * {@code admin.token} is set for them) needs
 * {@code Authorization: Bearer <token>}; reads stay open unless {@code auth.protectReads}. Pages and
 * static files stay open either way, so the browser app can load and ask for the token. Tokens are
 * compared in constant time (as SHA-256 digests, so not even the length leaks).
 */
final class WriteProtection implements Handler<RoutingContext> {

  private static final Set<HttpMethod> READS = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS);

  private final byte[] expected;
  private final boolean protectReads;
  private final List<String> apiPrefixes;
  private final boolean guardsAdmin;

  /** {@code guardsAdmin}: false when the admin routes check a token of their own ({@code admin.token}). */
  WriteProtection(String token, boolean protectReads, List<String> apiPrefixes, boolean guardsAdmin) {
    this.expected = digest(token);
    this.protectReads = protectReads;
    this.apiPrefixes = apiPrefixes;
    this.guardsAdmin = guardsAdmin;
  }

  @Override
  public void handle(RoutingContext ctx) {
    String path = ctx.normalizedPath();
    boolean api = apiPrefixes.stream().anyMatch(prefix -> path.equals(prefix) || path.startsWith(prefix + "/"));
    boolean admin = guardsAdmin && (path.equals("/admin") || path.startsWith("/admin/"));
    boolean read = READS.contains(ctx.request().method());
    if (admin || (api && (!read || protectReads))) {
      if (!authorized(ctx.request().getHeader("Authorization"))) {
        ctx.response().putHeader("WWW-Authenticate", "Bearer realm=\"shelf\"");
        Problems.send(ctx, 401, "this request needs Authorization: Bearer <token> with the configured token");
        return;
      }
    }
    ctx.next();
  }

  private boolean authorized(String header) {
    if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return false;
    }
    return MessageDigest.isEqual(expected, digest(header.substring(7).strip()));
  }

  private static byte[] digest(String token) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }
}
