package dev.shelf.http;

import static dev.shelf.support.ProblemAssert.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.shelf.http.server.HttpVerticle;
import dev.shelf.support.ApiContract;
import dev.shelf.support.RunningShelf;
import dev.shelf.support.ShelfTest;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@ShelfTest
@DisplayName("Health: live when the process answers, ready when storage answers a ping after a database read")
class HealthTest {

  @Test
  @DisplayName("both are 200 UP with no-store; ready shows the storage check and the schema version it read")
  void upAndReady(RunningShelf shelf) {
    HttpResponse<Buffer> live = shelf.get("/health/live");
    HttpResponse<Buffer> ready = shelf.get("/health/ready");

    assertThat(live.statusCode()).isEqualTo(200);
    assertThat(live.bodyAsJsonObject().getString("status")).isEqualTo("UP");
    assertThat(ready.statusCode()).isEqualTo(200);
    assertThat(ready.getHeader("Cache-Control")).isEqualTo("no-store");
    JsonObject storage = ready.bodyAsJsonObject().getJsonArray("checks").getJsonObject(0);
    assertThat(storage.getString("id")).isEqualTo("storage");
    assertThat(storage.getString("status")).isEqualTo("UP");
    assertThat(storage.getJsonObject("data").getInteger("schemaVersion")).isPositive();
  }

  @Test
  @DisplayName("without a storage verticle: live is still 200, ready is a 503 problem naming the storage check and why")
  void notReadyWithoutStorage(Vertx vertx, @TempDir Path dir) {
    JsonObject config = RunningShelf.config(dir);
    RunningShelf.await(vertx.deployVerticle(HttpVerticle.class, new DeploymentOptions().setConfig(config)));
    WebClient client = WebClient.create(vertx);
    int port = HttpVerticle.boundPort(vertx);

    HttpResponse<Buffer> live = RunningShelf.await(client.get(port, "127.0.0.1", "/health/live").send());
    HttpResponse<Buffer> ready = RunningShelf.await(client.get(port, "127.0.0.1", "/health/ready").send());

    assertThat(live.statusCode()).isEqualTo(200);
    JsonObject problem = assertProblem(ready, 503);
    assertThat(problem.getString("detail")).contains("storage").contains("not deployed");
    JsonObject check = problem.getJsonArray("checks").getJsonObject(0);
    assertThat(check.getString("id")).isEqualTo("storage");
    assertThat(check.getString("status")).isEqualTo("DOWN");
    JsonObject served = RunningShelf.await(client.get(port, "127.0.0.1", "/openapi.json").send()).bodyAsJsonObject();
    ApiContract.load(vertx, served).check("readiness", ready);
  }
}
