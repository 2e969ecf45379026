package dev.shelf.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shelf.support.RunningShelf;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Records and pages are encoded by the store and put together on the event loop; the bytes must not change. */
@ExtendWith(VertxExtension.class)
@DisplayName("Bodies encoded off the event loop are the same JSON, byte for byte, as encoding the answer whole")
class EncodedBodiesTest {

  @TempDir
  Path dir;

  @Test
  @DisplayName("a record and a page with quotes, escapes, non-ASCII text and a null year")
  void sameBytes(Vertx vertx) {
    RunningShelf shelf = RunningShelf.start(vertx, dir);
    shelf.book("Say \"hi\"\\ \t to Ü 日本 😀", "A / B", null);
    shelf.book("Two", "Line\nbreak", 1999);
    shelf.book("Three", "C", 2000);

    String one = shelf.get("/books/1").bodyAsString();
    assertThat(one).isEqualTo(new JsonObject(one).encode());
    assertThat(new JsonObject(one).getString("title")).isEqualTo("Say \"hi\"\\ \t to Ü 日本 😀");

    String page = shelf.get("/books?limit=2").bodyAsString();
    JsonObject parsed = new JsonObject(page);
    assertThat(page).isEqualTo(parsed.encode());
    assertThat(parsed.getJsonArray("items")).hasSize(2);
    assertThat(parsed.getString("next")).isNotBlank();

    String last = shelf.get("/books?limit=2&cursor=" + parsed.getString("next")).bodyAsString();
    assertThat(last).isEqualTo(new JsonObject(last).encode()).endsWith(",\"next\":null}");
    assertThat(shelf.get("/books?title=nothing").bodyAsString()).isEqualTo("{\"items\":[],\"next\":null}");
  }
}
