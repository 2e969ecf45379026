package dev.shelf.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@DisplayName("Config: defaults, the committed file, environment overrides, one-line errors")
class ShelfConfigTest {

  @Test
  @DisplayName("with nothing given Shelf serves 127.0.0.1:3000 from data/shelf.db")
  void defaults() {
    ShelfConfig config = ShelfConfig.load(new JsonObject(), Map.of(), "defaults");

    assertThat(config.http().host()).isEqualTo("127.0.0.1");
    assertThat(config.http().port()).isEqualTo(3000);
    assertThat(config.http().bodyLimit()).isEqualTo(65536);
    assertThat(config.db().path()).isEqualTo("data/shelf.db");
    assertThat(config.db().synchronous()).isEqualTo("NORMAL");
    assertThat(config.demo().pageDelayMs()).isZero();
  }

  @Test
  @DisplayName("conf/config.json is valid, documents every key, and holds the defaults")
  void committedFile() throws Exception {
    JsonObject file = new JsonObject(Files.readString(Path.of("conf/config.json")));

    ShelfConfig fromFile = ShelfConfig.load(file, Map.of(), "conf/config.json");

    assertThat(fromFile.toJson().getJsonObject("http").getInteger("port")).isEqualTo(3000);
    for (String key : ShelfConfig.DEFAULTS.keySet()) {
      String[] parts = key.split("\\.");
      JsonObject section = file.getJsonObject(parts[0]);
      assertThat(section.containsKey(parts[1])).as("config.json sets %s", key).isTrue();
      assertThat(section.getString("//" + parts[1])).as("config.json documents %s", key).isNotBlank();
    }
  }

  @Test
  @DisplayName("environment variables override the file, converted to the key's type")
  void environmentOverrides() {
    JsonObject file = new JsonObject().put("http", new JsonObject().put("port", 4000).put("host", "127.0.0.1"));
    Map<String, String> env = Map.of("SHELF_HTTP_PORT", "8080", "SHELF_DB_PATH", "/tmp/x.db",
        "SHELF_HTTP_BODY_LIMIT", "1000", "SHELF_DEMO_PAGE_DELAY_MS", "20", "SHELF_DB_SYNCHRONOUS", "FULL");

    ShelfConfig config = ShelfConfig.load(file, env, "test.json");

    assertThat(config.http().port()).isEqualTo(8080);
    assertThat(config.db().path()).isEqualTo("/tmp/x.db");
    assertThat(config.http().bodyLimit()).isEqualTo(1000);
    assertThat(config.demo().pageDelayMs()).isEqualTo(20);
    assertThat(config.db().synchronous()).isEqualTo("FULL");
  }

  @Test
  @DisplayName("every key has an environment variable in SHELF_UPPER_SNAKE form")
  void envNames() {
    assertThat(ShelfConfig.DEFAULTS.keySet().stream().map(ShelfConfig::envName).toList()).contains(
        "SHELF_HTTP_HOST", "SHELF_HTTP_PORT", "SHELF_HTTP_BODY_LIMIT", "SHELF_DB_PATH", "SHELF_DB_SYNCHRONOUS",
        "SHELF_DEMO_PAGE_DELAY_MS");
  }

  @ParameterizedTest(name = "{0} → error naming {1}")
  @CsvSource(delimiter = '|', value = {
      "{\"http\":{\"port\":\"abc\"}}          | http.port",
      "{\"http\":{\"port\":70000}}            | http.port",
      "{\"http\":{\"port\":-5}}               | http.port",
      "{\"http\":{\"port\":80.5}}             | http.port",
      "{\"http\":{\"bodyLimit\":0}}           | http.bodyLimit",
      "{\"http\":{\"host\":\"\"}}             | http.host",
      "{\"http\":{\"host\":5}}                | http.host",
      "{\"db\":{\"path\":null}}               | db.path",
      "{\"db\":{\"synchronous\":\"SOMETIMES\"}} | db.synchronous",
      "{\"demo\":{\"pageDelayMs\":-1}}        | demo.pageDelayMs",
      "{\"events\":{\"bufferSize\":0}}        | events.bufferSize",
      "{\"events\":{\"heartbeatMs\":5}}       | events.heartbeatMs",
      "{\"http\":{\"prot\":3000}}             | http.prot",
      "{\"http\":5}                           | http",
      "{\"colour\":\"red\"}                   | colour"})
  void badValuesNameTheKey(String json, String key) {
    assertThatThrownBy(() -> ShelfConfig.load(new JsonObject(json), Map.of(), "my.json"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("my.json")
        .hasMessageContaining(key)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
  }

  @Test
  @DisplayName("http.tls.certPath and keyPath come from the environment too, and one without the other is an error")
  void tlsKeys() {
    ShelfConfig tls = ShelfConfig.load(new JsonObject(),
        Map.of("SHELF_HTTP_TLS_CERT_PATH", "/etc/shelf/cert.pem", "SHELF_HTTP_TLS_KEY_PATH", "/etc/shelf/key.pem"), "f");

    assertThat(tls.http().tls()).isTrue();
    assertThat(tls.http().tlsCertPath()).isEqualTo("/etc/shelf/cert.pem");
    assertThat(tls.http().tlsKeyPath()).isEqualTo("/etc/shelf/key.pem");
    assertThat(ShelfConfig.fromJson(tls.toJson())).isEqualTo(tls);
    assertThat(ShelfConfig.load(new JsonObject(), Map.of(), "f").http().tls()).isFalse();
    assertThatThrownBy(() -> ShelfConfig.load(new JsonObject(), Map.of("SHELF_HTTP_TLS_CERT_PATH", "c.pem"), "f"))
        .isInstanceOf(ConfigException.class).hasMessageContaining("http.tls.keyPath");
  }

  @Test
  @DisplayName("db.kind postgres takes its URI and password from the environment; a bad or missing URI is one line that hides the password")
  void postgresSettings() {
    ShelfConfig config = ShelfConfig.load(new JsonObject(), Map.of("SHELF_DB_KIND", "postgres",
        "SHELF_DB_URL", "postgresql://shelf@db.example:5433/shelf", "SHELF_DB_PASSWORD", "s3cret"), "f");

    assertThat(config.db().kind()).isEqualTo("postgres");
    assertThat(config.db().url()).isEqualTo("postgresql://shelf@db.example:5433/shelf");
    assertThat(config.db().password()).isEqualTo("s3cret");
    assertThat(ShelfConfig.load(new JsonObject(), Map.of(), "f").db().kind()).isEqualTo("sqlite");
    assertThatThrownBy(() -> ShelfConfig.load(new JsonObject(), Map.of("SHELF_DB_KIND", "postgres"), "f"))
        .isInstanceOf(ConfigException.class).hasMessageContaining("db.url").hasMessageContaining("required");
    assertThatThrownBy(() -> ShelfConfig.load(new JsonObject(), Map.of("SHELF_DB_KIND", "oracle"), "f"))
        .isInstanceOf(ConfigException.class).hasMessageContaining("db.kind");
    assertThatThrownBy(() -> ShelfConfig.load(new JsonObject(),
        Map.of("SHELF_DB_URL", "mysql://shelf:hunter2@host/shelf"), "f"))
        .isInstanceOf(ConfigException.class).hasMessageContaining("SHELF_DB_URL")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("hunter2").doesNotContain("\n"));
    assertThatThrownBy(() -> ShelfConfig.load(new JsonObject(),
        Map.of("SHELF_DB_URL", "postgresql://shelf:hunter2@host:notaport/shelf"), "f"))
        .isInstanceOf(ConfigException.class).hasMessageContaining("db.url")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("hunter2"));
  }

  @Test
  @DisplayName("a bad environment value names the variable")
  void badEnvironment() {
    assertThatThrownBy(() -> ShelfConfig.load(new JsonObject(), Map.of("SHELF_HTTP_PORT", "abc"), "f"))
        .hasMessageContaining("SHELF_HTTP_PORT").hasMessageContaining("http.port");
  }

  @Test
  @DisplayName("the -conf option is found in any of the launcher's spellings")
  void confOption() {
    assertThat(ConfSource.confOption(List.of("-jar", "shelf.jar", "-conf", "a.json"))).contains("a.json");
    assertThat(ConfSource.confOption(List.of("--conf", "b.json"))).contains("b.json");
    assertThat(ConfSource.confOption(List.of("-CONF=c.json"))).contains("c.json");
    assertThat(ConfSource.confOption(List.of("-jar", "shelf.jar", "-instances", "2"))).isEmpty();
  }

  @Test
  @DisplayName("a -conf file that is missing or malformed is an error naming it; inline JSON works")
  void confFile(@TempDir Path dir) throws Exception {
    Path broken = Files.writeString(dir.resolve("broken.json"), "{\"http\": {");

    assertThatThrownBy(() -> ConfSource.read(dir.resolve("missing.json").toString()))
        .isInstanceOf(ConfigException.class).hasMessageContaining("missing.json").hasMessageContaining("not found");
    assertThatThrownBy(() -> ConfSource.read(broken.toString()))
        .isInstanceOf(ConfigException.class).hasMessageContaining("broken.json").hasMessageContaining("not a valid JSON");
    assertThat(ConfSource.read("{\"http\":{\"port\":1}}").json().getJsonObject("http").getInteger("port")).isEqualTo(1);
  }
}
