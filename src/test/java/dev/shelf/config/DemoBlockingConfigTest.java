package dev.shelf.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The demo.blocking flag")
class DemoBlockingConfigTest {

  private static JsonObject blocking(Object value, String host) {
    return new JsonObject().put("http", new JsonObject().put("host", host))
        .put("demo", new JsonObject().put("blocking", value));
  }

  @Test
  @DisplayName("is off by default")
  void offByDefault() {
    assertThat(ShelfConfig.load(new JsonObject(), Map.of(), "test").demo().blocking()).isFalse();
  }

  @Test
  @DisplayName("turns on with true in the file or SHELF_DEMO_BLOCKING=true, on 127.0.0.1, and survives toJson")
  void turnsOnOnLoopback() {
    ShelfConfig fromFile = ShelfConfig.load(blocking(true, "127.0.0.1"), Map.of(), "test");
    ShelfConfig fromEnv = ShelfConfig.load(new JsonObject(), Map.of("SHELF_DEMO_BLOCKING", "TRUE"), "test");

    assertThat(fromFile.demo().blocking()).isTrue();
    assertThat(fromEnv.demo().blocking()).isTrue();
    assertThat(ShelfConfig.fromJson(fromFile.toJson())).isEqualTo(fromFile);
  }

  @Test
  @DisplayName("refuses to turn on unless http.host is 127.0.0.1, naming both keys")
  void refusesAnyOtherHost() {
    for (String host : new String[] {"0.0.0.0", "localhost", "::1", "192.168.1.10"}) {
      assertThatThrownBy(() -> ShelfConfig.load(blocking(true, host), Map.of(), "config file c.json"))
          .isInstanceOf(ConfigException.class)
          .hasMessageContaining("config file c.json")
          .hasMessageContaining("demo.blocking")
          .hasMessageContaining("http.host is 127.0.0.1")
          .hasMessageContaining(host);
    }
    assertThatThrownBy(() -> ShelfConfig.load(new JsonObject(),
        Map.of("SHELF_DEMO_BLOCKING", "true", "SHELF_HTTP_HOST", "0.0.0.0"), "test"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("environment variable SHELF_DEMO_BLOCKING");
    assertThat(ShelfConfig.load(blocking(false, "0.0.0.0"), Map.of(), "test").demo().blocking()).isFalse();
  }

  @Test
  @DisplayName("accepts only true or false")
  void onlyBooleans() {
    assertThatThrownBy(() -> ShelfConfig.load(blocking("yes", "127.0.0.1"), Map.of(), "test"))
        .isInstanceOf(ConfigException.class).hasMessageContaining("demo.blocking must be true or false");
    assertThatThrownBy(() -> ShelfConfig.load(new JsonObject(), Map.of("SHELF_DEMO_BLOCKING", "1"), "test"))
        .isInstanceOf(ConfigException.class).hasMessageContaining("SHELF_DEMO_BLOCKING");
  }
}
