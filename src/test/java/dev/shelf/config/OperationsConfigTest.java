package dev.shelf.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Config for running it as a service: shutdown grace, import limit, CORS origins, admin")
class OperationsConfigTest {

  @Test
  @DisplayName("defaults: 10 s grace, 10 MiB imports, no CORS, admin off without a token, backups in data/backups")
  void defaults() {
    ShelfConfig config = ShelfConfig.load(new JsonObject(), Map.of(), "defaults");

    assertThat(config.http().shutdownGraceMs()).isEqualTo(10_000);
    assertThat(config.http().importBodyLimit()).isEqualTo(10 * 1024 * 1024);
    assertThat(config.http().corsOrigins()).isEmpty();
    assertThat(config.admin().enabled()).isFalse();
    assertThat(config.admin().token()).isEmpty();
    assertThat(config.admin().backupDir()).isEqualTo("data/backups");
  }

  @Test
  @DisplayName("from the file: nested keys, a JSON list of origins, a boolean; and they survive toJson/fromJson")
  void fromFile() {
    JsonObject file = new JsonObject()
        .put("http", new JsonObject().put("shutdownGraceMs", 2500)
            .put("cors", new JsonObject().put("origins", new JsonArray().add("https://a.example").add("https://b.example"))))
        .put("admin", new JsonObject().put("enabled", true).put("token", "t").put("backupDir", "/var/backups/shelf"));

    ShelfConfig config = ShelfConfig.load(file, Map.of(), "f.json");

    assertThat(config.http().shutdownGraceMs()).isEqualTo(2500);
    assertThat(config.http().corsOrigins()).containsExactly("https://a.example", "https://b.example");
    assertThat(config.admin().enabled()).isTrue();
    assertThat(ShelfConfig.fromJson(config.toJson())).isEqualTo(config);
  }

  @Test
  @DisplayName("from the environment: a comma-separated origin list, true/false, the token")
  void fromEnvironment() {
    Map<String, String> env = Map.of("SHELF_HTTP_CORS_ORIGINS", " https://a.example , https://b.example,",
        "SHELF_ADMIN_ENABLED", "true", "SHELF_ADMIN_TOKEN", "from-env", "SHELF_HTTP_SHUTDOWN_GRACE_MS", "0");

    ShelfConfig config = ShelfConfig.load(new JsonObject(), env, "defaults");

    assertThat(config.http().corsOrigins()).isEqualTo(List.of("https://a.example", "https://b.example"));
    assertThat(config.admin().enabled()).isTrue();
    assertThat(config.admin().token()).isEqualTo("from-env");
    assertThat(config.http().shutdownGraceMs()).isZero();
  }

  @Test
  @DisplayName("wrong types fail naming the key; a bad token is never echoed")
  void errors() {
    assertThatThrownBy(() -> ShelfConfig.load(new JsonObject().put("admin", new JsonObject().put("enabled", "yes")), Map.of(), "f.json"))
        .hasMessageContaining("admin.enabled must be true or false");
    assertThatThrownBy(() -> ShelfConfig.load(new JsonObject().put("http", new JsonObject()
        .put("cors", new JsonObject().put("origins", "https://a.example"))), Map.of(), "f.json"))
        .hasMessageContaining("http.cors.origins must be a list of strings");
    assertThatThrownBy(() -> ShelfConfig.load(new JsonObject(), Map.of("SHELF_ADMIN_ENABLED", "1"), "defaults"))
        .hasMessageContaining("SHELF_ADMIN_ENABLED");
    assertThatThrownBy(() -> ShelfConfig.load(new JsonObject(), Map.of("SHELF_ADMIN_TOKEN", " secret-value "), "defaults"))
        .hasMessageContaining("admin.token").hasMessageNotContaining("secret-value");
    assertThatThrownBy(() -> ShelfConfig.load(new JsonObject().put("http", new JsonObject().put("shutdownGraceMs", -1)), Map.of(), "f.json"))
        .hasMessageContaining("http.shutdownGraceMs");
  }
}
