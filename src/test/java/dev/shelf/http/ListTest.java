package dev.shelf.http;

import static dev.shelf.support.ProblemAssert.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import dev.shelf.support.RunningShelf;
import dev.shelf.support.ShelfTest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.text.Normalizer;
import java.util.Arrays;
import java.util.Locale;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@ShelfTest
@DisplayName("Listing with limits, sorts, filters, search and cursors")
class ListTest {

  private static final String[] TITLES = {"dune", "Emma", "alpha", "Zed", "beta", "Dune", "émile", "100% Pure",
      "under_score", "Middlemarch", "ulysses", "Beloved", "Carrie", "dracula", "Alpha", "ÉCOLE", "Ülysse",
      "école", "STRASSE", "Straszny", "Straße"};

  RunningShelf shelf;
  List<JsonObject> all = new ArrayList<>();

  @BeforeEach
  void seed(RunningShelf shelf) {
    this.shelf = shelf;
    for (int i = 0; i < 23; i++) {
      Integer year = i % 4 == 0 ? null : 1900 + (i * 37) % 120;
      all.add(shelf.book(TITLES[i % TITLES.length], "Author " + (char) ('A' + i % 5), year));
    }
  }

  @Test
  @DisplayName("GET /books lists by id with the default limit of 50 and next null at the end")
  void defaultPage() {
    JsonObject page = shelf.get("/books").bodyAsJsonObject();

    assertThat(ids(page.getJsonArray("items"))).containsExactlyElementsOf(ids(all));
    assertThat(page.containsKey("next")).isTrue();
    assertThat(page.getValue("next")).isNull();
  }

  @ParameterizedTest(name = "sort={0} walks every record once, in order, across pages of 4")
  @ValueSource(strings = {"id", "-id", "title", "-title", "year", "-year", "createdAt", "-createdAt"})
  void pagesCoverEverythingInOrder(String sort) {
    List<JsonObject> walked = walk("/books?limit=4&sort=" + sort);

    assertThat(ids(walked)).containsExactlyElementsOf(ids(sorted(all, sort)));
  }

  @Test
  @DisplayName("a page ends with next, and the last page has next null")
  void nextCursor() {
    JsonObject first = shelf.get("/books?limit=20").bodyAsJsonObject();
    JsonObject second = shelf.get("/books?limit=20&cursor=" + first.getString("next")).bodyAsJsonObject();

    assertThat(first.getJsonArray("items")).hasSize(20);
    assertThat(first.getString("next")).isNotBlank();
    assertThat(second.getJsonArray("items")).hasSize(3);
    assertThat(second.getValue("next")).isNull();
  }

  @Test
  @DisplayName("a record created after a cursor was handed out appears on a later page, none is skipped")
  void keysetIsStableUnderInserts() {
    JsonObject first = shelf.get("/books?limit=10").bodyAsJsonObject();
    JsonObject late = shelf.book("Late arrival", "Someone", 2001);

    List<JsonObject> rest = walk("/books?limit=10", first.getString("next"));

    assertThat(ids(rest)).contains(late.getLong("id")).doesNotContainAnyElementsOf(ids(first.getJsonArray("items")));
    assertThat(rest).hasSize(all.size() - 10 + 1);
  }

  @Test
  @DisplayName("exact filters: title, author and year")
  void exactFilters() {
    assertThat(titles(shelf.get("/books?title=Dune").bodyAsJsonObject())).containsOnly("Dune");
    assertThat(shelf.get("/books?title=dun").bodyAsJsonObject().getJsonArray("items")).isEmpty();
    JsonObject byAuthor = shelf.get("/books?author=" + enc("Author C") + "&limit=500").bodyAsJsonObject();
    assertThat(byAuthor.getJsonArray("items")).isNotEmpty()
        .allSatisfy(b -> assertThat(((JsonObject) b).getString("author")).isEqualTo("Author C"));
    Integer year = all.get(1).getInteger("year");
    JsonObject byYear = shelf.get("/books?year=" + year).bodyAsJsonObject();
    assertThat(byYear.getJsonArray("items")).isNotEmpty()
        .allSatisfy(b -> assertThat(((JsonObject) b).getInteger("year")).isEqualTo(year));
  }

  @Test
  @DisplayName("q matches a case-insensitive substring of title or author; % and _ are literal")
  void search() {
    assertThat(titles(shelf.get("/books?q=DUN").bodyAsJsonObject())).containsOnly("dune", "Dune");
    assertThat(titles(shelf.get("/books?q=" + enc("author e") + "&limit=500").bodyAsJsonObject()))
        .hasSize((int) all.stream().filter(b -> b.getString("author").equals("Author E")).count());
    assertThat(titles(shelf.get("/books?q=" + enc("%")).bodyAsJsonObject())).containsOnly("100% Pure");
    assertThat(titles(shelf.get("/books?q=" + enc("_")).bodyAsJsonObject())).containsOnly("under_score");
  }

  @Test
  @DisplayName("q folds case for all of Unicode, on titles and credits: q=école finds ÉCOLE, q=straße finds STRASSE")
  void searchFoldsUnicodeCase() {
    shelf.book("Germinal", "ÉMILE ZOLA", 1885);

    assertThat(titles(shelf.get("/books?q=" + enc("école") + "&limit=500").bodyAsJsonObject()))
        .containsOnly("ÉCOLE", "école").contains("ÉCOLE", "école");
    assertThat(titles(shelf.get("/books?q=" + enc("ÉCOLE") + "&limit=500").bodyAsJsonObject()))
        .containsOnly("ÉCOLE", "école");
    assertThat(titles(shelf.get("/books?q=" + enc("straße") + "&limit=500").bodyAsJsonObject()))
        .containsOnly("STRASSE", "Straße").contains("STRASSE", "Straße");
    assertThat(titles(shelf.get("/books?q=" + enc("émile zola")).bodyAsJsonObject())).containsExactly("Germinal");
  }

  @Test
  @DisplayName("q=%00 is a literal NUL: it matches no title, not every row")
  void nulIsLiteral() {
    assertThat(shelf.get("/books?q=%00").bodyAsJsonObject().getJsonArray("items")).isEmpty();
    assumeFalse(RunningShelf.onPostgres(), "PostgreSQL text cannot hold U+0000: such a title is refused (ValidationTest)");
    JsonObject withNul = shelf.book("nul\u0000inside", "x", null);

    assertThat(ids(shelf.get("/books?q=%00").bodyAsJsonObject().getJsonArray("items")))
        .containsExactly(withNul.getLong("id"));
  }

  @Test
  @DisplayName("sort=title puts ÉCOLE next to école and Straße next to STRASSE (not Ülysse or Straszny between), the id breaking the tie")
  void titleSortFoldsUnicodeCase() {
    List<String> titles = walk("/books?limit=3&sort=title").stream().map(b -> b.getString("title")).toList();

    int ecole = titles.indexOf("ÉCOLE");
    assertThat(titles.subList(ecole, ecole + 2)).containsExactly("ÉCOLE", "école");
    int strasse = titles.indexOf("STRASSE");
    assertThat(titles.subList(strasse, strasse + 2)).containsExactly("STRASSE", "Straße");
  }

  @Test
  @DisplayName("filters, search and sort combine, and paging keeps them")
  void combined() {
    List<JsonObject> walked = walk("/books?limit=1&sort=-title&q=a&author=" + enc("Author A"));

    List<JsonObject> expected = sorted(all.stream()
        .filter(b -> b.getString("author").equals("Author A"))
        .filter(b -> (key(b.getString("title")) + "\n" + key(b.getString("author"))).contains("a"))
        .toList(), "-title");
    assertThat(ids(walked)).containsExactlyElementsOf(ids(expected));
  }

  @ParameterizedTest(name = "GET /books?{0} is 400")
  @ValueSource(strings = {"limit=0", "limit=501", "limit=abc", "limit=-1", "limit=", "sort=author", "sort=--id",
      "sort=", "year=abc", "year=2101", "cursor=abc", "cursor=", "colour=red", "limit=5&limit=6"})
  void badQueriesAreRefused(String query) {
    assertProblem(shelf.get("/books?" + query), 400);
  }

  @Test
  @DisplayName("a tampered cursor, or one from another sort or filter, is 400")
  void cursorsAreChecked() {
    String next = shelf.get("/books?limit=5&sort=title").bodyAsJsonObject().getString("next");
    char last = next.charAt(next.length() - 1);
    String tampered = next.substring(0, next.length() - 1) + (last == 'A' ? 'B' : 'A');
    String forged = "eyJ2YWx1ZSI6ImEiLCJpZCI6MX0" + next.substring(next.indexOf('.'));

    assertProblem(shelf.get("/books?limit=5&sort=title&cursor=" + tampered), 400);
    assertProblem(shelf.get("/books?limit=5&sort=title&cursor=" + forged), 400);
    assertProblem(shelf.get("/books?limit=5&sort=year&cursor=" + next), 400);
    assertProblem(shelf.get("/books?limit=5&sort=title&title=Dune&cursor=" + next), 400);
    assertThat(shelf.get("/books?limit=7&sort=title&cursor=" + next).statusCode())
        .as("the limit may change between pages").isEqualTo(200);
  }

  @Test
  @DisplayName("a /books cursor is 400 on /movies, even with the same sort and no filters")
  void cursorsAreBoundToTheCollection() {
    for (int i = 0; i < 3; i++) {
      shelf.create("movies", new JsonObject().put("title", "Movie " + i).put("director", "D").put("year", 2000));
    }
    String next = shelf.get("/books?limit=5").bodyAsJsonObject().getString("next");

    assertProblem(shelf.get("/movies?limit=5&cursor=" + next), 400);
    assertThat(shelf.get("/books?limit=5&cursor=" + next).statusCode()).isEqualTo(200);
  }

  @Test
  @DisplayName("movies list and filter by director")
  void movies() {
    shelf.create("movies", new JsonObject().put("title", "Alien").put("director", "Ridley Scott").put("year", 1979));
    shelf.create("movies", new JsonObject().put("title", "Heat").put("director", "Michael Mann").put("year", 1995));

    assertThat(titles(shelf.get("/movies?director=" + enc("Michael Mann")).bodyAsJsonObject())).containsExactly("Heat");
    assertThat(titles(shelf.get("/movies?q=scott").bodyAsJsonObject())).containsExactly("Alien");
    assertProblem(shelf.get("/movies?author=x"), 400);
  }

  private List<JsonObject> walk(String firstUri) {
    return walk(firstUri, null);
  }

  /** Follows {@code next} from {@code cursor} (or the start) to the end; returns every item seen. */
  private List<JsonObject> walk(String firstUri, String cursor) {
    List<JsonObject> seen = new ArrayList<>();
    String uri = cursor == null ? firstUri : firstUri + "&cursor=" + cursor;
    for (int pages = 0; pages < 100; pages++) {
      JsonObject page = shelf.get(uri).bodyAsJsonObject();
      page.getJsonArray("items").forEach(item -> seen.add((JsonObject) item));
      String next = page.getString("next");
      if (next == null) {
        return seen;
      }
      uri = firstUri + "&cursor=" + next;
    }
    throw new AssertionError("pagination did not end");
  }

  private static List<JsonObject> sorted(List<JsonObject> books, String sort) {
    boolean desc = sort.startsWith("-");
    Comparator<JsonObject> byKey = switch (desc ? sort.substring(1) : sort) {
      case "title" -> Comparator.comparing(b -> key(b.getString("title")), ListTest::byCodePoint);
      case "year" -> Comparator.comparing(b -> b.getInteger("year") == null ? -1 : b.getInteger("year"));
      case "createdAt" -> Comparator.comparing(b -> b.getString("createdAt"));
      default -> (a, b) -> 0;
    };
    Comparator<JsonObject> order = byKey.thenComparing(b -> b.getLong("id"));
    return books.stream().sorted(desc ? order.reversed() : order).toList();
  }

  /**
   * The documented title order: the title's Unicode case fold in NFC (upper then lower case in the
   * root locale), compared code point by code point, which is SQLite's BINARY order on UTF-8.
   */
  private static String key(String title) {
    String nfc = Normalizer.normalize(title, Normalizer.Form.NFC);
    return Normalizer.normalize(nfc.toUpperCase(Locale.ROOT).toLowerCase(Locale.ROOT), Normalizer.Form.NFC);
  }

  private static int byCodePoint(String a, String b) {
    return Arrays.compare(a.codePoints().toArray(), b.codePoints().toArray());
  }

  private static List<Long> ids(List<JsonObject> records) {
    return records.stream().map(r -> r.getLong("id")).toList();
  }

  private static List<Long> ids(JsonArray items) {
    return items.stream().map(r -> ((JsonObject) r).getLong("id")).toList();
  }

  private static List<String> titles(JsonObject page) {
    return page.getJsonArray("items").stream().map(r -> ((JsonObject) r).getString("title")).toList();
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
