package dev.shelf.http;

import static dev.shelf.support.ProblemAssert.assertProblem;
import static io.vertx.core.http.HttpMethod.DELETE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.shelf.support.RunningShelf;
import dev.shelf.support.ShelfTest;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@ShelfTest
@DisplayName("Deleting every record with a title, and never the whole collection by accident")
class BulkDeleteTest {

  RunningShelf shelf;

  @BeforeEach
  void seed(RunningShelf shelf) {
    this.shelf = shelf;
    shelf.book("Dune", "Frank Herbert", 1965);
    shelf.book("Dune", "Someone Else", null);
    shelf.book("dune", "lower case", null);
    shelf.book("Dune Messiah", "Frank Herbert", 1969);
    shelf.create("movies", new JsonObject().put("title", "Dune").put("director", "David Lynch"));
  }

  @Test
  @DisplayName("DELETE /books?title=Dune deletes exactly the books titled Dune and says how many")
  void byQuery() {
    var response = shelf.delete("/books?title=Dune");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.bodyAsJsonObject()).isEqualTo(new JsonObject().put("deleted", 2));
    assertThat(titles("/books")).containsExactly("dune", "Dune Messiah");
    assertThat(titles("/movies")).containsExactly("Dune");
  }

  @Test
  @DisplayName("the same filter as a JSON body works too")
  void byBody() {
    var response = shelf.send(DELETE, "/books", new JsonObject().put("title", "Dune Messiah"));

    assertThat(response.bodyAsJsonObject().getInteger("deleted")).isEqualTo(1);
    assertThat(titles("/books")).containsExactly("Dune", "Dune", "dune");
  }

  @Test
  @DisplayName("no match deletes nothing and answers deleted 0")
  void noMatch() {
    assertThat(shelf.delete("/books?title=Nothing").bodyAsJsonObject().getInteger("deleted")).isZero();
    assertThat(titles("/books")).hasSize(4);
  }

  @ParameterizedTest(name = "DELETE /books{0} without a usable filter is 400 and deletes nothing")
  @ValueSource(strings = {"", "?", "?author=Frank+Herbert", "?title=Dune&author=x", "?title=a&title=b"})
  void refusesToWipe(String query) {
    assertProblem(shelf.delete("/books" + query), 400);
    assertProblem(shelf.send(DELETE, "/books" + query, "{}"), 400);
    assertThat(titles("/books")).hasSize(4);
  }

  @Test
  @DisplayName("a body filter with other fields or a non-string title is 422")
  void badBodyFilter() {
    assertProblem(shelf.send(DELETE, "/books", "{\"author\":\"Frank Herbert\"}"), 422);
    assertProblem(shelf.send(DELETE, "/books", "{\"title\":5}"), 422);
    assertProblem(shelf.send(DELETE, "/books", "[\"Dune\"]"), 400);
    assertThat(titles("/books")).hasSize(4);
  }

  private List<String> titles(String uri) {
    return shelf.get(uri).bodyAsJsonObject().getJsonArray("items").stream()
        .map(b -> ((JsonObject) b).getString("title")).toList();
  }
}
