package dev.shelf.hostile;

import static dev.shelf.support.ProblemAssert.assertProblem;
import static io.vertx.core.http.HttpMethod.POST;
import static org.assertj.core.api.Assertions.assertThat;

import dev.shelf.config.ShelfConfig;
import dev.shelf.http.server.HttpVerticle;
import dev.shelf.model.Resource;
import dev.shelf.storage.StoreBinding;
import dev.shelf.support.RunningShelf;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.junit5.VertxExtension;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(VertxExtension.class)
@DisplayName("Hostile requests get a clear 4xx or 5xx-for-a-reason, never a hang or a crash")
class HostileRequestsTest {

  @TempDir
  Path dir;

  @Test
  @DisplayName("a 100 KB request line is 414 problem+json, and the server goes on")
  void hugeRequestLine(Vertx vertx) throws Exception {
    RunningShelf shelf = RunningShelf.start(vertx, dir);

    String response = raw(shelf.port, "GET /books?q=" + "a".repeat(100_000) + " HTTP/1.1\r\nHost: x\r\n\r\n");

    assertThat(response).matches("(?s)HTTP/1\\.[01] 414 .*").contains("application/problem+json").contains("\"status\":414");
    assertThat(shelf.get("/books").statusCode()).isEqualTo(200);
  }

  @Test
  @DisplayName("a 10 MB body is 413 and nothing is stored")
  void tenMegabytes(Vertx vertx) {
    RunningShelf shelf = RunningShelf.start(vertx, dir);
    String body = "{\"title\":\"" + "x".repeat(10 * 1024 * 1024) + "\",\"author\":\"a\"}";

    assertProblem(shelf.send(POST, "/books", body), 413);
    assertThat(shelf.get("/books").bodyAsJsonObject().getJsonArray("items")).isEmpty();
  }

  @Test
  @DisplayName("a body that never finishes is cut off by the idle timeout, and the server goes on")
  void slowloris(Vertx vertx) throws Exception {
    RunningShelf shelf = RunningShelf.start(vertx, dir, new JsonObject().put("http", new JsonObject().put("idleTimeoutSec", 1)));

    try (Socket socket = new Socket("127.0.0.1", shelf.port)) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write(("POST /books HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{\"ti")
          .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      long start = System.nanoTime();
      InputStream in = socket.getInputStream();
      while (in.read() != -1) {
        // whatever the server says before closing
      }
      assertThat((System.nanoTime() - start) / 1_000_000).as("closed by the idle timeout").isLessThan(8_000);
    }
    assertThat(shelf.get("/books").statusCode()).isEqualTo(200);
  }

  @Test
  @DisplayName("JSON oddities: duplicate keys take the last value, huge numbers and NaN are refused")
  void jsonOddities(Vertx vertx) {
    RunningShelf shelf = RunningShelf.start(vertx, dir);

    HttpResponse<Buffer> duplicate = shelf.send(POST, "/books", "{\"title\":\"first\",\"title\":\"last\",\"author\":\"a\"}");
    assertThat(duplicate.statusCode()).isEqualTo(201);
    assertThat(duplicate.bodyAsJsonObject().getString("title")).isEqualTo("last");
    assertProblem(shelf.send(POST, "/books", "{\"title\":\"t\",\"author\":\"a\",\"year\":1e400}"), 422);
    assertProblem(shelf.send(POST, "/books", "{\"title\":\"t\",\"author\":\"a\",\"year\":" + "9".repeat(5000) + "}"), 400);
    assertProblem(shelf.send(POST, "/books", "{\"title\":\"t\",\"author\":\"a\",\"year\":NaN}"), 400);
  }

  @Test
  @DisplayName("with no storage deployed, API calls are 503, not 500")
  void storageMissing(Vertx vertx) {
    JsonObject config = RunningShelf.config(dir);
    RunningShelf.await(vertx.deployVerticle(HttpVerticle.class, new DeploymentOptions().setConfig(config)));
    WebClient client = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1")
        .setDefaultPort(HttpVerticle.boundPort(vertx)));

    assertProblem(RunningShelf.await(client.get("/books/1").send()), 503);
    assertProblem(RunningShelf.await(client.post("/books").sendJsonObject(new JsonObject().put("title", "t")
        .put("author", "a"))), 503);
  }

  @Test
  @DisplayName("a storage that does not answer in time is 504, after http.storageTimeoutMs")
  void storageSilent(Vertx vertx) {
    JsonObject config = RunningShelf.config(dir).mergeIn(new JsonObject()
        .put("http", new JsonObject().put("port", 0).put("storageTimeoutMs", 300)), true);
    vertx.eventBus().consumer(StoreBinding.address(Resource.BOOKS), message -> {
      // never replies
    });
    RunningShelf.await(vertx.deployVerticle(HttpVerticle.class, new DeploymentOptions().setConfig(config)));
    WebClient client = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1")
        .setDefaultPort(HttpVerticle.boundPort(vertx)));

    long start = System.nanoTime();
    assertProblem(RunningShelf.await(client.get("/books/1").send()), 504);
    assertThat((System.nanoTime() - start) / 1_000_000).isBetween(250L, 5_000L);
  }

  @Test
  @DisplayName("the default storage timeout is bounded")
  void defaultTimeout() {
    assertThat(ShelfConfig.load(new JsonObject(), Map.of(), "defaults").http().storageTimeoutMs()).isEqualTo(10_000);
  }

  private static String raw(int port, String request) throws Exception {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(10_000);
      socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
      socket.getOutputStream().flush();
      return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
