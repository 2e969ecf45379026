package dev.shelf.http.ops;

import dev.shelf.http.Problems;
import dev.shelf.http.Responses;
import dev.shelf.http.RouteTable;
import dev.shelf.storage.BusStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.CheckResult;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.ext.healthchecks.Status;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/**
 * {@code GET /health/live}: the process answers HTTP. {@code GET /health/ready}: the storage
 * verticle answers a ping over the event bus after a read of the database file. The checks run on
 * Vert.x's {@link HealthChecks} (with its per-check timeout); the answer is 200 with every check,
 * or a 503 problem+json whose detail and {@code checks} name the check that failed. (vertx-web's
 * own HealthCheckHandler is not used because it answers a failing check with a bare 500/503 body
 * outside the problem+json shape every other error here has.)
 */
public final class Health {

  static final String STORAGE = "storage";
  private static final long PING_TIMEOUT_MS = 2_000;

  private final HealthChecks live;
  private final HealthChecks ready;

  public Health(Vertx vertx, BusStore storage) {
    BusStore ping = storage.withTimeout(PING_TIMEOUT_MS);
    this.live = HealthChecks.create(vertx);
    this.ready = HealthChecks.create(vertx).register(STORAGE, PING_TIMEOUT_MS + 500, promise -> ping.ping()
        .onSuccess(version -> promise.complete(Status.OK(new JsonObject().put("schemaVersion", version))))
        .onFailure(e -> promise.complete(Status.KO(new JsonObject().put("reason", e.getMessage())))));
  }

  public void mount(RouteTable routes) {
    routes.add(HttpMethod.GET, "/health/live", this::live).add(HttpMethod.GET, "/health/ready", this::ready);
  }

  void live(RoutingContext ctx) {
    answer(ctx, live.checkStatus());
  }

  void ready(RoutingContext ctx) {
    answer(ctx, ready.checkStatus());
  }

  private static void answer(RoutingContext ctx, Future<CheckResult> result) {
    result.onSuccess(outcome -> {
      JsonArray checks = new JsonArray();
      List<CheckResult> all = outcome.getChecks() == null ? List.of() : outcome.getChecks();
      all.forEach(check -> checks.add(check.toJson()));
      if (CheckResult.isUp(outcome)) {
        Responses.json(ctx, 200, new JsonObject().put("status", "UP").put("checks", checks));
        return;
      }
      List<String> down = all.stream().filter(check -> !CheckResult.isUp(check))
          .map(check -> check.getId() + " (" + describe(check) + ")").toList();
      Problems.send(ctx, 503, "not ready: " + String.join(", ", down) + " is DOWN", List.of(),
          new JsonObject().put("checks", checks));
    }).onFailure(ctx::fail);
  }

  private static String describe(CheckResult check) {
    JsonObject data = check.getData();
    return data != null && data.getString("reason") != null ? data.getString("reason")
        : data != null && data.getString("cause") != null ? data.getString("cause") : "no answer";
  }
}
