package dev.shelf.http;

import dev.shelf.storage.RecordStore;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * The admin routes ({@code admin.enabled}); with {@code admin.token} set, each needs
 * {@code Authorization: Bearer <token>}, compared in constant time.
 */
final class Admin {

  private final RecordStore storage;
  private final byte[] token;
  private final String backupDir;

  Admin(RecordStore storage, String token, String backupDir) {
    this.storage = storage;
    this.token = token.getBytes(StandardCharsets.UTF_8);
    this.backupDir = backupDir;
  }

  /** The first handler of every admin route: passes with the right token (or when none is set), else 401. */
  void authorize(RoutingContext ctx) {
    if (token.length == 0) {
      ctx.next();
      return;
    }
    String header = ctx.request().getHeader("Authorization");
    boolean bearer = header != null && header.regionMatches(true, 0, "Bearer ", 0, 7);
    byte[] given = bearer ? header.substring(7).strip().getBytes(StandardCharsets.UTF_8) : new byte[0];
    if (bearer && MessageDigest.isEqual(given, token)) {
      ctx.next();
      return;
    }
    ctx.response().putHeader("WWW-Authenticate", bearer
        ? "Bearer realm=\"shelf-admin\", error=\"invalid_token\""
        : "Bearer realm=\"shelf-admin\"");
    ctx.fail(new ProblemException(401, bearer ? "the admin token is wrong"
        : "admin routes need the header Authorization: Bearer <admin.token>"));
  }

  /** {@code POST /admin/backup}: a consistent copy of the database, taken while serving. */
  void backup(RoutingContext ctx) {
    storage.backup(backupDir)
        .onSuccess(copy -> Responses.json(ctx, 200, copy.toJson()))
        .onFailure(ctx::fail);
  }
}
