package dev.shelf.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@ShelfTest
@DisplayName("Test support: @ShelfTest injects one started Shelf per test; eventually polls")
class ShelfExtensionTest {

  RunningShelf fromBeforeEach;

  @BeforeEach
  void seed(RunningShelf shelf) {
    fromBeforeEach = shelf;
    shelf.book("Dune", "Frank Herbert", 1965);
  }

  @Test
  @DisplayName("@BeforeEach and the test get the same started Shelf, on the test's Vert.x")
  void oneShelfPerTest(RunningShelf shelf, Vertx vertx) {
    assertThat(shelf).isSameAs(fromBeforeEach);
    assertThat(shelf.vertx).isSameAs(vertx);
    assertThat(shelf.get("/books").bodyAsJsonObject().getJsonArray("items")).hasSize(1);
  }

  @Test
  @DisplayName("each test starts on an empty database of its own")
  void freshDatabase(RunningShelf shelf) {
    assertThat(shelf.get("/books").bodyAsJsonObject().getJsonArray("items")).as("only this test's seed").hasSize(1);
  }

  @Test
  @DisplayName("@WithConfig pairs become nested config, values read as JSON when they are")
  void configPairs() {
    assertThat(ShelfExtension.config("http.instances=1", "auth.token=s3cret", "http.cors.origins=[\"*\"]",
        "auth.protectReads=true")).isEqualTo(new JsonObject()
        .put("http", new JsonObject().put("instances", 1).put("cors", new JsonObject().put("origins", new JsonArray().add("*"))))
        .put("auth", new JsonObject().put("token", "s3cret").put("protectReads", true)));
  }

  @Test
  @DisplayName("eventually returns as soon as the check passes, and fails with the last failure at the bound")
  void eventually() {
    AtomicInteger polls = new AtomicInteger();
    Eventually.eventually(() -> assertThat(polls.incrementAndGet()).isEqualTo(3));
    assertThat(polls).hasValue(3);

    assertThatThrownBy(() -> Eventually.eventually(Duration.ofMillis(50), () -> assertThat(1).as("one").isEqualTo(2)))
        .isInstanceOf(AssertionError.class).hasMessageContaining("still failing after 50 ms").hasMessageContaining("one");
  }
}
