package dev.shelf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shelf.support.RunningShelf;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(VertxExtension.class)
@DisplayName("Start-up fails clearly, and leaves nothing running, when it cannot serve")
class StartupTest {

  @TempDir
  Path dir;

  @Test
  @DisplayName("a wrongly typed config value fails the deployment naming the key")
  void badConfig(Vertx vertx) {
    JsonObject config = new JsonObject().put("http", new JsonObject().put("port", "abc"));

    assertThatThrownBy(() -> RunningShelf.start(vertx, dir, config)).hasMessageContaining("http.port");
    assertThat(vertx.deploymentIDs()).isEmpty();
  }

  @Test
  @DisplayName("an unwritable database path fails the deployment naming the path")
  void unwritableDatabase(Vertx vertx) throws Exception {
    Path file = Files.writeString(dir.resolve("a-file"), "not a folder");
    String path = file.resolve("shelf.db").toString();

    assertThatThrownBy(() -> RunningShelf.start(vertx, dir, new JsonObject().put("db", new JsonObject().put("path", path))))
        .hasMessageContaining("storage failed to start")
        .hasMessageContaining(file.toString());
    assertThat(vertx.deploymentIDs()).isEmpty();
  }

  @Test
  @DisplayName("the database folder is created when it is missing")
  void createsTheFolder(Vertx vertx) {
    Path nested = dir.resolve("a/b/c/shelf.db");

    RunningShelf shelf = RunningShelf.start(vertx, dir, new JsonObject().put("db", new JsonObject().put("path", nested.toString())));

    assertThat(shelf.book("Dune", "Frank Herbert", null).getLong("id")).isEqualTo(1L);
    assertThat(nested).exists();
  }

  @Test
  @DisplayName("a port already in use fails the deployment and says so")
  void portInUse(Vertx vertx) throws Exception {
    try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
      JsonObject config = new JsonObject().put("http", new JsonObject().put("port", taken.getLocalPort()));

      assertThatThrownBy(() -> RunningShelf.start(vertx, dir, config))
          .hasMessageContaining("HTTP server failed to start").hasMessageContaining("in use");
    }
  }

  @Test
  @DisplayName("HTTPS with a missing certificate or key file fails the deployment naming the key and the path")
  void missingTlsFiles(Vertx vertx) throws Exception {
    Path key = Files.writeString(dir.resolve("key.pem"), "-----BEGIN PRIVATE KEY-----\n");
    String missing = dir.resolve("no-such-cert.pem").toString();

    assertThatThrownBy(() -> RunningShelf.start(vertx, dir, tls(missing, key.toString())))
        .hasMessageContaining("HTTP server failed to start").hasMessageContaining("http.tls.certPath")
        .hasMessageContaining(missing).satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    assertThat(vertx.deploymentIDs()).isEmpty();
  }

  @Test
  @DisplayName("HTTPS with files that are not PEM, or a broken PEM, fails the deployment in one line")
  void brokenTlsFiles(Vertx vertx) throws Exception {
    Path text = Files.writeString(dir.resolve("cert.txt"), "not a certificate");
    Path broken = Files.writeString(dir.resolve("broken.pem"), "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n");

    assertThatThrownBy(() -> RunningShelf.start(vertx, dir, tls(text.toString(), text.toString())))
        .hasMessageContaining("http.tls.certPath").hasMessageContaining("not a PEM file");
    assertThatThrownBy(() -> RunningShelf.start(vertx, dir, tls(broken.toString(), broken.toString())))
        .hasMessageContaining("HTTP server failed to start")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    assertThat(vertx.deploymentIDs()).isEmpty();
  }

  private static JsonObject tls(String cert, String key) {
    return new JsonObject().put("http", new JsonObject().put("tls", new JsonObject().put("certPath", cert).put("keyPath", key)));
  }
}
