package dev.shelf.http;

import static dev.shelf.support.ProblemAssert.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.shelf.config.ShelfConfig;
import dev.shelf.support.RunningShelf;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(VertxExtension.class)
@DisplayName("/metrics needs the read token when reads do, unless metrics.public says otherwise")
class MetricsAccessTest {

  @TempDir
  Path dir;

  @Test
  @DisplayName("with auth.protectReads, /metrics (GET and HEAD) is 401 without the token and 200 with it")
  void followsProtectReads(Vertx vertx) {
    RunningShelf shelf = RunningShelf.start(vertx, dir, config(true, null));

    HttpResponse<Buffer> refused = shelf.get("/metrics");
    assertProblem(refused, 401);
    assertThat(refused.getHeader("WWW-Authenticate")).startsWith("Bearer");
    assertThat(refused.bodyAsString()).doesNotContain("shelf_rows");
    assertThat(RunningShelf.await(shelf.http.request(HttpMethod.HEAD, "/metrics").send()).statusCode()).isEqualTo(401);
    HttpResponse<Buffer> scraped = RunningShelf.await(shelf.http.get("/metrics")
        .putHeader("Authorization", "Bearer s3cret").send());
    assertThat(scraped.statusCode()).isEqualTo(200);
    assertThat(scraped.bodyAsString()).contains("shelf_rows");
  }

  @Test
  @DisplayName("metrics.public=true keeps /metrics open for a scraper even with auth.protectReads")
  void publicOverride(Vertx vertx) {
    RunningShelf shelf = RunningShelf.start(vertx, dir, config(true, true));

    assertThat(shelf.get("/metrics").statusCode()).isEqualTo(200);
    assertProblem(shelf.get("/books"), 401);
  }

  @Test
  @DisplayName("metrics.public=false asks for the token even when reads are open; reads stay open")
  void privateOverride(Vertx vertx) {
    RunningShelf shelf = RunningShelf.start(vertx, dir, config(false, false));

    assertProblem(shelf.get("/metrics"), 401);
    assertThat(shelf.get("/books").statusCode()).isEqualTo(200);
  }

  @Test
  @DisplayName("the default follows auth.protectReads; the environment can set it")
  void defaults() {
    assertThat(ShelfConfig.load(new JsonObject(), Map.of(), "t").auth().metricsPublic()).isTrue();
    assertThat(ShelfConfig.load(new JsonObject().put("auth", new JsonObject().put("protectReads", true)), Map.of(), "t")
        .auth().metricsPublic()).isFalse();
    assertThat(ShelfConfig.load(new JsonObject(), Map.of("SHELF_AUTH_PROTECT_READS", "true", "SHELF_METRICS_PUBLIC",
        "true"), "t").auth().metricsPublic()).isTrue();
  }

  private static JsonObject config(boolean protectReads, Boolean metricsPublic) {
    JsonObject config = new JsonObject()
        .put("auth", new JsonObject().put("token", "s3cret").put("protectReads", protectReads));
    if (metricsPublic != null) {
      config.put("metrics", new JsonObject().put("public", metricsPublic));
    }
    return config;
  }
}
