package dev.shelf.browser;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shelf.storage.StoreBinding;
import dev.shelf.support.LogCapture;
import dev.shelf.support.RunningShelf;
import dev.shelf.support.SqliteFile;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

@ExtendWith(VertxExtension.class)
@DisplayName("The books page in a real browser")
class BooksPageIT {

  @RegisterExtension
  static final Chromium chromium = new Chromium();

  @TempDir
  Path dir;
  RunningShelf shelf;
  AppPage page;

  @BeforeEach
  void start(Vertx vertx) {
    shelf = RunningShelf.start(vertx, dir);
    page = new AppPage(chromium.driver(), shelf.port);
  }

  private List<JsonObject> stored() {
    return shelf.get("/books?limit=500").bodyAsJsonObject().getJsonArray("items").stream()
        .map(JsonObject.class::cast).toList();
  }

  @Test
  @DisplayName("adding a book through the form shows it in the list and stores it")
  void addsABook() {
    page.open("/app/books.html");
    assertThat(page.find("#empty").getText()).isEqualTo("No books yet. Add the first one.");

    page.add("Dune", "Frank Herbert", "1965");

    page.waitForTitles("Dune");
    assertThat(page.editorOpen()).isFalse();
    WebElement row = page.row("Dune");
    assertThat(row.findElement(By.cssSelector("td.col-author")).getText()).isEqualTo("Frank Herbert");
    assertThat(row.findElement(By.cssSelector("td.col-year")).getText()).isEqualTo("1965");
    assertThat(page.find("#notice").getText()).isEqualTo("Added “Dune”.");
    assertThat(stored()).singleElement().satisfies(book -> {
      assertThat(book.getString("title")).isEqualTo("Dune");
      assertThat(book.getString("author")).isEqualTo("Frank Herbert");
      assertThat(book.getInteger("year")).isEqualTo(1965);
    });
  }

  @Test
  @DisplayName("the server's validation errors appear beside the fields they name, and nothing is stored")
  void showsValidationErrorsBesideFields() {
    page.open("/app/books.html");

    page.add("Dune", "", "nineteen");

    page.waitUntil(d -> page.find("#field-author-error").isDisplayed());
    assertThat(page.find("#field-author-error").getText()).isEqualTo("Author must not be blank.");
    assertThat(page.find("#field-year-error").getText()).isEqualTo("Year must be an integer or null.");
    assertThat(page.find("#field-title-error").isDisplayed()).isFalse();
    assertThat(page.find("#field-author").getDomAttribute("aria-invalid")).isEqualTo("true");
    assertThat(page.find("#field-author").getDomAttribute("aria-describedby")).isEqualTo("field-author-error");
    assertThat(page.editorOpen()).isTrue();
    assertThat(stored()).isEmpty();

    page.fill(null, "Frank Herbert", "1965");
    page.find("#editor-save").click();

    page.waitForTitles("Dune");
    assertThat(page.editorOpen()).isFalse();
  }

  @Test
  @DisplayName("Edit changes a book in place; Delete asks first, and Cancel keeps it")
  void editsAndDeletes() {
    JsonObject dune = shelf.book("Dune", "Frank Herbert", 1965);
    shelf.book("Emma", "Jane Austen", 1815);
    page.open("/app/books.html?sort=title");
    page.waitForTitles("Dune", "Emma");

    page.row("Dune").findElement(By.cssSelector("button.edit")).click();
    assertThat(page.find("#editor-heading").getText()).isEqualTo("Edit “Dune”");
    assertThat(page.find("#field-author").getDomProperty("value")).isEqualTo("Frank Herbert");
    page.fill("Dune Messiah", null, "1969");
    page.find("#editor-save").click();

    page.waitForTitles("Dune Messiah", "Emma");
    assertThat(page.row("Dune Messiah").findElement(By.cssSelector("td.col-year")).getText()).isEqualTo("1969");
    JsonObject edited = shelf.get("/books/" + dune.getLong("id")).bodyAsJsonObject();
    assertThat(edited.getString("title")).isEqualTo("Dune Messiah");
    assertThat(edited.getInteger("version")).isEqualTo(2);

    page.row("Emma").findElement(By.cssSelector("button.delete")).click();
    assertThat(page.find("#confirm-text").getText()).isEqualTo("Delete “Emma”? This cannot be undone.");
    page.find("#confirm-no").click();
    assertThat(page.find("#confirm").getDomAttribute("open")).isNull();
    assertThat(page.titles()).containsExactly("Dune Messiah", "Emma");

    page.row("Emma").findElement(By.cssSelector("button.delete")).click();
    page.find("#confirm-yes").click();

    page.waitForTitles("Dune Messiah");
    assertThat(page.find("#notice").getText()).isEqualTo("Deleted “Emma”.");
    assertThat(stored()).extracting(b -> b.getString("title")).containsExactly("Dune Messiah");
  }

  @Test
  @DisplayName("Next and Previous walk the pages; a column header sorts, and again reverses")
  void pagesAndSorts() {
    List.of("Carrie", "Alpha", "Emma", "Beloved", "Dune", "Gilead", "Fences")
        .forEach(title -> shelf.book(title, "Someone", 1900 + title.length()));
    page.open("/app/books.html?limit=3&sort=title");

    page.waitForTitles("Alpha", "Beloved", "Carrie");
    assertThat(page.pageLabel()).isEqualTo("Page 1");
    assertThat(page.find("#previous").isEnabled()).isFalse();
    page.find("#next").click();
    page.waitForTitles("Dune", "Emma", "Fences");
    page.find("#next").click();
    page.waitForTitles("Gilead");
    assertThat(page.pageLabel()).isEqualTo("Page 3");
    assertThat(page.find("#next").isEnabled()).isFalse();
    page.find("#previous").click();
    page.waitForTitles("Dune", "Emma", "Fences");
    assertThat(page.pageLabel()).isEqualTo("Page 2");

    page.find("th button[data-sort='title']").click();
    page.waitForTitles("Gilead", "Fences", "Emma");
    assertThat(page.pageLabel()).as("a new order starts at page 1").isEqualTo("Page 1");
    assertThat(page.find("th:has(button[data-sort='title'])").getDomAttribute("aria-sort")).isEqualTo("descending");
    assertThat(page.url()).contains("sort=-title");

    page.find("th button[data-sort='year']").click();
    page.waitForTitles("Emma", "Dune", "Alpha");
    assertThat(page.find("th:has(button[data-sort='year'])").getDomAttribute("aria-sort")).isEqualTo("ascending");
    assertThat(page.find("th:has(button[data-sort='title'])").getDomAttribute("aria-sort")).isEqualTo("none");
  }

  @Test
  @DisplayName("the search box filters as you type; exact filters narrow further; both stay in the address")
  void searchesAndFilters() {
    shelf.book("Dune", "Frank Herbert", 1965);
    shelf.book("Dune Messiah", "Frank Herbert", 1969);
    shelf.book("Emma", "Jane Austen", 1815);
    shelf.book("Persuasion", "Jane Austen", 1817);
    page.open("/app/books.html?sort=title");

    page.type("#q", "dune");
    page.waitForTitles("Dune", "Dune Messiah");
    page.type("#q", "austen");
    page.waitForTitles("Emma", "Persuasion");
    assertThat(page.url()).contains("search=austen");

    page.type("#q", "");
    page.waitForTitles("Dune", "Dune Messiah", "Emma", "Persuasion");
    page.find(".filters summary").click();
    page.type("#filter-year", "1817");
    page.waitForTitles("Persuasion");
    page.type("#filter-year", "");
    page.type("#filter-title", "Dune");
    page.waitForTitles("Dune");
    assertThat(page.url()).contains("title=Dune");

    page.open("/app/books.html?title=Nothing");
    assertThat(page.find("#empty").getText()).isEqualTo("No books match.");
    assertThat(page.find("#filter-title").getDomProperty("value")).isEqualTo("Nothing");
  }

  @Test
  @DisplayName("the search box finds every word as you type, accents ignored, best match first, matched words marked")
  void fullTextSearch() {
    shelf.book("Cien años de soledad", "Gabriel García Márquez", 1967);
    shelf.book("El amor en los tiempos del cólera", "Gabriel García Márquez", 1985);
    shelf.book("Márquez: a life", "Gerald Martin", 2008);
    shelf.book("Soledad", "Someone Else", 2001);
    page.open("/app/books.html");

    page.type("#q", "marquez");
    page.waitForTitles("Márquez: a life", "Cien años de soledad", "El amor en los tiempos del cólera");
    assertThat(page.find("caption").getDomProperty("textContent")).isEqualTo("Books, by best match, ascending");

    page.type("#q", "marquez sol");
    page.waitForTitles("Cien años de soledad");
    assertThat(page.url()).contains("search=marquez+sol").contains("sort=relevance");
    assertThat(page.findAll("#rows mark").stream().map(WebElement::getText).toList())
        .containsExactly("soledad", "Márquez");

    page.type("#q", "(\"-*");
    page.waitForTitles("Soledad", "Márquez: a life", "El amor en los tiempos del cólera", "Cien años de soledad");
    assertThat(page.find("#error").isDisplayed()).as("punctuation alone searches nothing, no error").isFalse();
    assertThat(page.findAll("#rows mark")).isEmpty();
  }

  @Test
  @DisplayName("works from the keyboard: add with Enter, fields in Tab order, Escape closes the form")
  void keyboard() {
    page.open("/app/books.html");

    page.find("#add").sendKeys(Keys.ENTER);
    page.waitUntil(d -> page.editorOpen());
    WebElement focused = chromium.driver().switchTo().activeElement();
    assertThat(focused.getDomAttribute("id")).as("the first field has focus").isEqualTo("field-title");
    focused.sendKeys("Beloved", Keys.TAB);
    chromium.driver().switchTo().activeElement().sendKeys("Toni Morrison", Keys.TAB);
    chromium.driver().switchTo().activeElement().sendKeys("1987", Keys.ENTER);

    page.waitForTitles("Beloved");
    page.row("Beloved").findElement(By.cssSelector("button.edit")).sendKeys(Keys.ENTER);
    page.waitUntil(d -> page.editorOpen());
    chromium.driver().switchTo().activeElement().sendKeys(Keys.ESCAPE);
    page.waitUntil(d -> !page.editorOpen());
    for (WebElement input : page.findAll("input, select")) {
      String id = input.getDomAttribute("id");
      assertThat(page.findAll("label[for='" + id + "']")).as("a label for #%s", id).hasSize(1);
    }
  }

  @Test
  @DisplayName("on a phone-sized screen nothing overflows sideways and every control is still there")
  void phoneSized() {
    shelf.book("The Left Hand of Darkness", "Ursula K. Le Guin", 1969);
    Dimension before = chromium.driver().manage().window().getSize();
    try {
      chromium.driver().manage().window().setSize(new Dimension(390, 844));
      page.open("/app/books.html");

      page.waitForTitles("The Left Hand of Darkness");
      long overflow = ((Number) page.script(
          "return document.documentElement.scrollWidth - document.documentElement.clientWidth")).longValue();
      assertThat(overflow).isLessThanOrEqualTo(0);
      for (String control : List.of("#q", "#add", "#rows button.edit", "#rows button.delete", "#next")) {
        assertThat(page.find(control).isDisplayed()).as(control).isTrue();
      }
      page.find("#add").click();
      page.waitUntil(d -> page.editorOpen());
      long dialogRight = ((Number) page.script("return document.getElementById('editor').getBoundingClientRect().right"))
          .longValue();
      assertThat(dialogRight).isLessThanOrEqualTo(390);
    } finally {
      chromium.driver().manage().window().setSize(before);
    }
  }

  @Test
  @DisplayName("a server failure and a lost connection each show a clear message with Try again")
  void showsFailures() throws Exception {
    shelf.book("Dune", "Frank Herbert", 1965);
    page.open("/app/books.html");
    page.waitForTitles("Dune");

    try (LogCapture storageLog = new LogCapture(StoreBinding.class);
         LogCapture problemLog = new LogCapture("dev.shelf.http.Problems")) {
      SqliteFile.of(shelf.dbFile).execute("ALTER TABLE books RENAME TO books_gone");
      page.type("#q", "du");
      page.waitUntil(d -> page.find("#error").isDisplayed());
      assertThat(page.find("#error").getText())
          .startsWith("The server failed to answer (500)").contains("Try again");
      assertThat(page.find("#error").getDomAttribute("role")).isEqualTo("alert");
      assertThat(storageLog.messages()).contains("Store call 'list' failed");
      assertThat(problemLog.messages()).isNotEmpty();
    }

    SqliteFile.of(shelf.dbFile).execute("ALTER TABLE books_gone RENAME TO books");
    page.find("#retry").click();
    page.waitUntil(d -> !page.find("#error").isDisplayed());
    page.waitForTitles("Dune");

    shelf.stop();
    page.find("#add").click();
    page.fill("Emma", "Jane Austen", "");
    page.find("#editor-save").click();
    page.waitUntil(d -> page.find("#editor-message").isDisplayed());
    assertThat(page.find("#editor-message").getText()).startsWith("Cannot reach the server.");
    assertThat(page.editorOpen()).as("what was typed is kept").isTrue();
    assertThat(page.find("#field-title").getDomProperty("value")).isEqualTo("Emma");
    page.find("#editor-cancel").click();
    page.type("#q", "emma");
    page.waitUntil(d -> page.find("#error").isDisplayed());
    assertThat(page.find("#error").getText()).startsWith("Cannot reach the server.");
    page.waitUntil(d -> !"live".equals(page.find("#live").getDomAttribute("data-state")));
  }

  @Test
  @DisplayName("saving over a change someone else made meanwhile is refused with an explanation (If-Match)")
  void refusesToOverwriteAConcurrentChange() {
    JsonObject dune = shelf.book("Dune", "Frank Herbert", 1965);
    page.open("/app/books.html");
    page.row("Dune").findElement(By.cssSelector("button.edit")).click();

    shelf.send(io.vertx.core.http.HttpMethod.PATCH, "/books/" + dune.getLong("id"), new JsonObject().put("year", 1966));
    page.fill(null, null, "1970");
    page.find("#editor-save").click();

    page.waitUntil(d -> page.find("#editor-message").isDisplayed());
    assertThat(page.find("#editor-message").getText()).startsWith("Someone else changed this book since you opened it.");
    assertThat(shelf.get("/books/" + dune.getLong("id")).bodyAsJsonObject().getInteger("year")).isEqualTo(1966);
  }

  @Test
  @DisplayName("when Shelf needs a token, a change asks for it once, then goes through")
  void asksForTheToken(Vertx vertx) {
    shelf.stop();
    shelf = RunningShelf.start(vertx, dir, new JsonObject().put("auth", new JsonObject().put("token", "s3cret-token")));
    page = new AppPage(chromium.driver(), shelf.port).open("/app/books.html");

    page.add("Dune", "Frank Herbert", "1965");
    page.waitUntil(d -> page.find("#token-dialog").getDomAttribute("open") != null);
    page.find("#token").sendKeys("s3cret-token", Keys.ENTER);

    page.waitForTitles("Dune");
    page.add("Emma", "Jane Austen", "");
    page.waitForTitles("Emma", "Dune");
    assertThat(page.find("#token-dialog").getDomAttribute("open")).as("asked only once").isNull();
  }
}
