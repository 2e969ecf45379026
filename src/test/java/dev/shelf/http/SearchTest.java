package dev.shelf.http;

import static dev.shelf.support.ProblemAssert.assertProblem;
import static io.vertx.core.http.HttpMethod.PATCH;
import static io.vertx.core.http.HttpMethod.POST;
import static org.assertj.core.api.Assertions.assertThat;

import dev.shelf.support.RunningShelf;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@ExtendWith(VertxExtension.class)
@DisplayName("search: full-text over title and credit, every word, any case or accent, ranked")
class SearchTest {

  @TempDir
  Path dir;
  RunningShelf shelf;

  @BeforeEach
  void seed(Vertx vertx) {
    shelf = RunningShelf.start(vertx, dir);
    shelf.book("Cien años de soledad", "Gabriel García Márquez", 1967);
    shelf.book("El amor en los tiempos del cólera", "Gabriel García Márquez", 1985);
    shelf.book("Soledad", "Someone Else", 2001);
    shelf.book("ΟΔΎΣΣΕΙΑ", "Όμηρος", null);
    shelf.book("Marquez, a life", "Gerald Martin", 2008);
  }

  @Test
  @DisplayName("every word must match, in title or credit, with case and diacritics ignored")
  void everyWordMatches() {
    assertThat(titles("marquez soledad")).containsExactly("Cien años de soledad");
    assertThat(titles("MÁRQUEZ")).containsExactlyInAnyOrder("Marquez, a life", "Cien años de soledad",
        "El amor en los tiempos del cólera");
    assertThat(titles("colera gabriel")).containsExactly("El amor en los tiempos del cólera");
    // Case folds for every script; SQLite's unicode61 removes diacritics of Latin letters only.
    assertThat(titles("οδύσσεια όμηρος")).containsExactly("ΟΔΎΣΣΕΙΑ");
    assertThat(titles("soledad nobody")).isEmpty();
  }

  @Test
  @DisplayName("the last word is a prefix (search as you type); the others are whole words")
  void lastWordIsAPrefix() {
    assertThat(titles("garcia sol")).containsExactly("Cien años de soledad");
    assertThat(titles("sol garcia")).isEmpty();
    assertThat(titles("gabr")).hasSize(2);
  }

  @Test
  @DisplayName("by default the best match comes first: a word in the title outranks it in the credit")
  void rankedByRelevance() {
    assertThat(titles("marquez").get(0)).isEqualTo("Marquez, a life");
    assertThat(titles("soledad").get(0)).isEqualTo("Soledad");
  }

  @Test
  @DisplayName("sort overrides relevance, and exact filters and q combine with search")
  void sortAndFilters() {
    assertThat(titles("gabriel", "&sort=-year")).containsExactly("El amor en los tiempos del cólera", "Cien años de soledad");
    assertThat(titles("gabriel", "&sort=title")).containsExactly("Cien años de soledad", "El amor en los tiempos del cólera");
    assertThat(titles("gabriel", "&year=1967")).containsExactly("Cien años de soledad");
    assertThat(titles("soledad", "&author=" + enc("Someone Else"))).containsExactly("Soledad");
    assertThat(titles("soledad", "&q=cien")).containsExactly("Cien años de soledad");
  }

  @Test
  @DisplayName("walking every page of a ranked search sees each match once, in rank order, and nothing else")
  void rankedPagesCoverEveryMatchOnce() {
    JsonArray rows = new JsonArray();
    for (int i = 0; i < 57; i++) {
      // Titles with one to four "river"s, so ranks differ and also tie (ties go by id).
      String title = "river ".repeat(1 + i % 4) + "book " + i;
      rows.add(new JsonObject().put("title", title).put("author", i % 3 == 0 ? "River Author" : "Other").put("year", 1900 + i));
    }
    rows.add(new JsonObject().put("title", "Lake").put("author", "Nobody").put("year", 1));
    assertThat(shelf.send(POST, "/books/import", rows.encode()).statusCode()).isEqualTo(201);

    List<JsonObject> walked = walk("/books?limit=4&search=river");
    List<JsonObject> onePage = items(shelf.get("/books?limit=500&search=river").bodyAsJsonObject());

    assertThat(walked).hasSize(57);
    assertThat(walked.stream().map(b -> b.getLong("id")).distinct()).hasSize(57);
    assertThat(walked).isEqualTo(onePage);
    assertThat(walked).allSatisfy(b -> assertThat(b.getString("title")).contains("river"));
    assertThat(walked.get(0).getString("title")).startsWith("river river river river");
  }

  @Test
  @DisplayName("the index follows every write: a patched title, a deleted record, a bulk delete")
  void indexFollowsWrites() {
    JsonObject book = shelf.book("Temporary words", "Nobody", null);
    assertThat(titles("temporary")).containsExactly("Temporary words");

    shelf.send(PATCH, "/books/" + book.getLong("id"), new JsonObject().put("title", "Permanent words"));
    assertThat(titles("temporary")).isEmpty();
    assertThat(titles("permanent")).containsExactly("Permanent words");

    shelf.delete("/books/" + book.getLong("id"));
    assertThat(titles("permanent")).isEmpty();

    shelf.book("Doomed", "x", null);
    shelf.delete("/books?title=Doomed");
    assertThat(titles("doomed")).isEmpty();
  }

  @ParameterizedTest(name = "search={0} is read as plain words, never a 500")
  @ValueSource(strings = {"\"soledad", "soledad\"", "soledad*", "NEAR(soledad cien)", "soledad NOT cien",
      "soledad OR xyz", "soledad AND cien", "-soledad", "title:soledad", "author:marquez soledad", "^soledad",
      "soledad + cien", "{title author}: soledad", "(soledad", "soledad)", "so'ledad", "\\soledad", "soledad\u0000",
      "a\"\"b", "NEAR", "AND", "e\u0301", "soledad\u0301",
      // PostgreSQL's tsquery syntax is plain text too
      "soledad & cien", "soledad | xyz", "!soledad", "soledad:*", "soledad:A", "soledad <-> cien", "soledad <2> cien",
      "'soledad'", "soledad\\", "(soledad | cien) & !x", "x\u00b2", "\u00b2 soledad"})
  void userSyntaxIsPlainWords(String search) {
    var response = shelf.get("/books?search=" + enc(search));

    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
  }

  @Test
  @DisplayName("operators are words: search=\"title:soledad\" finds the word title or soledad, not a column filter")
  void operatorsAreWords() {
    assertThat(titles("soledad OR nothing")).isEmpty();
    assertThat(titles("NEAR(soledad")).isEmpty();
    assertThat(titles("-soledad")).containsExactlyInAnyOrder("Cien años de soledad", "Soledad");
    assertThat(titles("author:soledad")).isEmpty();
  }

  @Test
  @DisplayName("ASCII punctuation separates words everywhere: e-mail addresses, host names, paths, decimals")
  void punctuationSeparatesWords() {
    shelf.book("Letters to ana@example.org", "www.someone.net", null);
    shelf.book("Version 3.14 of /usr/local/bin", "R_and_D", null);

    assertThat(titles("example")).containsExactly("Letters to ana@example.org");
    assertThat(titles("ana example org")).containsExactly("Letters to ana@example.org");
    assertThat(titles("www someone net")).containsExactly("Letters to ana@example.org");
    assertThat(titles("14 usr bin")).containsExactly("Version 3.14 of /usr/local/bin");
    assertThat(titles("r and d")).containsExactly("Version 3.14 of /usr/local/bin");
  }

  @Test
  @DisplayName("a word longer than any stored one is found nowhere, never an error")
  void longWords() {
    assertThat(titles("x".repeat(500))).isEmpty();
    // Case folding makes each ᾀ two characters (ἀι), five bytes: 2,100 bytes, longer than PostgreSQL's
    // longest lexeme (2,047), yet the request line stays under its limit.
    assertThat(titles("soledad " + "\u1f80".repeat(420))).isEmpty();
  }

  @ParameterizedTest(name = "search={0} is a 400 naming the parameter")
  @ValueSource(strings = {"", " ", "\"\"", "*", "-", "()", ":", "!?.,;", "\u0301"})
  void emptySearchIsRefused(String search) {
    JsonObject problem = assertProblem(shelf.get("/books?search=" + enc(search)), 400);

    assertThat(problem.getString("detail")).contains("search");
  }

  @Test
  @DisplayName("sort=relevance needs a search; a search's cursor is bound to that search")
  void cursorsAndRelevance() {
    assertProblem(shelf.get("/books?sort=relevance"), 400);
    String next = shelf.get("/books?limit=1&search=gabriel").bodyAsJsonObject().getString("next");

    assertThat(shelf.get("/books?limit=1&search=gabriel&cursor=" + next).statusCode()).isEqualTo(200);
    assertProblem(shelf.get("/books?limit=1&search=garcia&cursor=" + next), 400);
    assertProblem(shelf.get("/books?limit=1&cursor=" + next), 400);
  }

  @Test
  @DisplayName("/movies searches title and director")
  void movies() {
    shelf.create("movies", new JsonObject().put("title", "Alien").put("director", "Ridley Scott").put("year", 1979));
    shelf.create("movies", new JsonObject().put("title", "Heat").put("director", "Michael Mann").put("year", 1995));

    assertThat(items(shelf.get("/movies?search=ridl").bodyAsJsonObject()).stream().map(m -> m.getString("title")))
        .containsExactly("Alien");
  }

  private List<String> titles(String search) {
    return titles(search, "");
  }

  private List<String> titles(String search, String more) {
    var response = shelf.get("/books?limit=500&search=" + enc(search) + more);
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
    return items(response.bodyAsJsonObject()).stream().map(b -> b.getString("title")).toList();
  }

  private List<JsonObject> walk(String firstUri) {
    List<JsonObject> seen = new ArrayList<>();
    String uri = firstUri;
    for (int pages = 0; pages < 100; pages++) {
      JsonObject page = shelf.get(uri).bodyAsJsonObject();
      seen.addAll(items(page));
      String next = page.getString("next");
      if (next == null) {
        return seen;
      }
      uri = firstUri + "&cursor=" + next;
    }
    throw new AssertionError("pagination did not end");
  }

  private static List<JsonObject> items(JsonObject page) {
    return page.getJsonArray("items").stream().map(JsonObject.class::cast).toList();
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
