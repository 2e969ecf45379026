package dev.shelf.http.ops;

import dev.shelf.http.Responses;
import dev.shelf.http.RouteTable;
import dev.shelf.storage.RecordStore;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;

/** The admin routes, mounted only with {@code admin.enabled}; {@link BearerTokens} decides their token. */
public final class Admin {

  private final RecordStore storage;
  private final String backupDir;

  public Admin(RecordStore storage, String backupDir) {
    this.storage = storage;
    this.backupDir = backupDir;
  }

  /** Admin routes exist only when {@code admin.enabled}; {@link BearerTokens} guards them. */
  public void mount(RouteTable routes) {
    routes.add(HttpMethod.POST, "/admin/backup", this::backup);
  }

  /** {@code POST /admin/backup}: a consistent copy of the database, taken while serving. */
  void backup(RoutingContext ctx) {
    storage.backup(backupDir)
        .onSuccess(copy -> Responses.json(ctx, 200, copy.toJson()))
        .onFailure(ctx::fail);
  }
}
