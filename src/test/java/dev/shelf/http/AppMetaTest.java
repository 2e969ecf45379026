package dev.shelf.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shelf.model.ListQuery;
import dev.shelf.model.Resource;
import dev.shelf.model.Sort;
import dev.shelf.support.RunningShelf;
import dev.shelf.support.ShelfTest;
import dev.shelf.support.WithConfig;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@ShelfTest
@DisplayName("/app/meta.json: the browser app's facts, from the server's model")
class AppMetaTest {

  @Test
  @DisplayName("lists every resource with its fields and credit, every sort, and the page-size limit")
  void describesTheModel(RunningShelf shelf) {
    HttpResponse<Buffer> response = shelf.get("/app/meta.json");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.getHeader("Content-Type")).isEqualTo("application/json");
    JsonObject meta = response.bodyAsJsonObject();
    JsonObject books = meta.getJsonObject("resources").getJsonObject("books");
    assertThat(meta.getJsonObject("resources").fieldNames())
        .containsExactlyElementsOf(Resource.ALL.stream().map(Resource::name).toList());
    assertThat(books.getString("singular")).isEqualTo("book");
    assertThat(books.getString("credit")).isEqualTo("author");
    assertThat(meta.getJsonObject("resources").getJsonObject("movies").getString("credit")).isEqualTo("director");
    assertThat(books.getJsonArray("fields")).containsExactly(
        new JsonObject().put("name", "title").put("kind", "text").put("required", true).put("maxLength", 200),
        new JsonObject().put("name", "author").put("kind", "text").put("required", true).put("maxLength", 200),
        new JsonObject().put("name", "year").put("kind", "year").put("required", false).put("minimum", 0).put("maximum", 2100));
    assertThat(meta.getJsonArray("sorts"))
        .isEqualTo(new JsonArray(Arrays.stream(Sort.values()).map(Sort::apiName).toList()));
    assertThat(meta.getJsonObject("limit").getInteger("max")).isEqualTo(ListQuery.MAX_LIMIT).isEqualTo(500);
  }

  @Test
  @DisplayName("is open when reads need a token, like the pages that load it")
  void openWhenReadsAreProtected(@WithConfig({"auth.token=s3cret", "auth.protectReads=true"}) RunningShelf shelf) {
    assertThat(shelf.get("/books").statusCode()).as("the API needs the token").isEqualTo(401);
    assertThat(shelf.get("/app/meta.json").statusCode()).isEqualTo(200);
  }

  @Test
  @DisplayName("the browser code spells no resource, credit field or list of sorts of its own")
  void browserCodeReadsThem() throws Exception {
    try (Stream<Path> files = Files.list(Path.of("webroot/app"))) {
      for (Path file : files.filter(f -> f.toString().endsWith(".js")).toList()) {
        String code = Files.readString(file);
        assertThat(code).as("%s", file)
            .doesNotContain("'author'", "'director'", "'books'", "'movies'", "'id', 'title'");
      }
    }
  }
}
