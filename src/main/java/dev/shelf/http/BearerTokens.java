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
 * The one place that decides which bearer token guards what, and checks it:
 * <ul>
 * <li>admin routes need {@code admin.token} when set, else {@code auth.token}, else are open;</li>
 * <li>writes to the API (the collections and their records) need {@code auth.token} when set;</li>
 * <li>reads of the API, {@code /events} included (it carries the records), need it too when
 *     {@code auth.protectReads} is on;</li>
 * <li>{@code /metrics} needs it unless {@code metrics.public} (which by default follows
 *     {@code auth.protectReads}: row counts and traffic are reads too);</li>
 * <li>{@code POST /batch} needs what its operations need ({@link #allowsBatch}).</li>
 * </ul>
 * Pages and static files stay open, so the browser app can load and ask for the token. Tokens are
 * compared in constant time, as SHA-256 digests, so neither their content nor their length leaks.
 */
public final class BearerTokens implements Handler<RoutingContext> {

  private static final Set<HttpMethod> READS = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS);

  private final byte[] apiToken;
  private final byte[] adminToken;
  private final boolean protectReads;
  private final boolean metricsPublic;
  private final List<String> apiPrefixes;

  /** Empty tokens guard nothing; {@code apiPrefixes} are the paths of the API ({@code /books}, {@code /events}…). */
  public BearerTokens(String authToken, boolean protectReads, boolean metricsPublic, String adminToken, List<String> apiPrefixes) {
    this.apiToken = authToken.isEmpty() ? null : digest(authToken);
    this.adminToken = !adminToken.isEmpty() ? digest(adminToken) : apiToken;
    this.protectReads = protectReads;
    this.metricsPublic = metricsPublic;
    this.apiPrefixes = apiPrefixes;
  }

  /** Whether any route is guarded at all; when not, the handler need not be mounted. */
  public boolean guardsAnything() {
    return apiToken != null || adminToken != null;
  }

  @Override
  public void handle(RoutingContext ctx) {
    String path = ctx.normalizedPath();
    boolean admin = under(path, "/admin");
    byte[] expected = admin ? adminToken : apiTokenFor(path, ctx.request().method());
    if (passes(ctx, expected, admin ? "shelf-admin" : "shelf")) {
      ctx.next();
    }
  }

  /**
   * For {@code POST /batch}, once its operations are known: a batch that writes needs the token
   * its writes would need, one that only reads the token its reads would need. False when refused
   * (the 401 is sent).
   */
  public boolean allowsBatch(RoutingContext ctx, boolean writes) {
    return passes(ctx, writes || protectReads ? apiToken : null, "shelf");
  }

  private boolean passes(RoutingContext ctx, byte[] expected, String realm) {
    if (expected == null) {
      return true;
    }
    String header = ctx.request().getHeader("Authorization");
    boolean bearer = header != null && header.regionMatches(true, 0, "Bearer ", 0, 7);
    if (bearer && MessageDigest.isEqual(expected, digest(header.substring(7).strip()))) {
      return true;
    }
    ctx.response().putHeader("WWW-Authenticate", bearer
        ? "Bearer realm=\"" + realm + "\", error=\"invalid_token\""
        : "Bearer realm=\"" + realm + "\"");
    Problems.send(ctx, 401, bearer ? "the bearer token is wrong"
        : "this request needs Authorization: Bearer <token> with the configured token");
    return false;
  }

  private byte[] apiTokenFor(String path, HttpMethod method) {
    if (path.equals("/metrics")) {
      return metricsPublic ? null : apiToken;
    }
    boolean api = apiPrefixes.stream().anyMatch(prefix -> under(path, prefix));
    return api && (!READS.contains(method) || protectReads) ? apiToken : null;
  }

  private static boolean under(String path, String prefix) {
    return path.equals(prefix) || path.startsWith(prefix + "/");
  }

  private static byte[] digest(String token) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }
}
