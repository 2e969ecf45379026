package dev.shelf.browser;

import static io.vertx.core.http.HttpMethod.PATCH;
import static org.assertj.core.api.Assertions.assertThat;

import dev.shelf.support.RunningShelf;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WindowType;

@ExtendWith(VertxExtension.class)
@DisplayName("Live updates in open pages")
class LiveUpdatesIT {

  /** How soon a change must show in an open page. */
  private static final Duration LIVE = Duration.ofSeconds(2);

  @RegisterExtension
  static final Chromium chromium = new Chromium();

  @TempDir
  Path dir;

  @Test
  @DisplayName("a book created, changed and deleted through the API appears, changes and goes in the open page")
  void apiChangesShowLive(Vertx vertx) {
    RunningShelf shelf = RunningShelf.start(vertx, dir);
    shelf.book("Emma", "Jane Austen", 1815);
    AppPage page = new AppPage(chromium.driver(), shelf.port).open("/app/books.html?sort=title");
    page.waitForTitles("Emma");

    JsonObject dune = shelf.book("Dune", "Frank Herbert", 1965);
    page.waitForTitles(LIVE, "Dune", "Emma");
    assertThat(page.row("Dune").getDomAttribute("class")).contains("fresh");

    shelf.send(PATCH, "/books/" + dune.getLong("id"), new JsonObject().put("year", 1966));
    page.waitUntil(LIVE, d -> page.row("Dune").findElement(By.cssSelector("td.col-year")).getText().equals("1966"));
    shelf.send(PATCH, "/books/" + dune.getLong("id"), new JsonObject().put("title", "Zen"));
    page.waitForTitles(LIVE, "Emma", "Zen");

    shelf.delete("/books/" + dune.getLong("id"));
    page.waitForTitles(LIVE, "Emma");
  }

  @Test
  @DisplayName("a book added in one tab appears in another; changes outside the search leave it alone")
  void tabsSeeEachOther(Vertx vertx) {
    RunningShelf shelf = RunningShelf.start(vertx, dir);
    var driver = chromium.driver();
    String first = driver.getWindowHandle();
    AppPage searching = new AppPage(driver, shelf.port).open("/app/books.html?q=herbert");
    driver.switchTo().newWindow(WindowType.TAB);
    try {
      AppPage adding = new AppPage(driver, shelf.port).open("/app/books.html");
      adding.add("Dune", "Frank Herbert", "1965");
      adding.waitForTitles("Dune");
      shelf.book("Emma", "Jane Austen", 1815);
      adding.waitForTitles(LIVE, "Emma", "Dune");
    } finally {
      driver.close();
      driver.switchTo().window(first);
    }
    searching.waitForTitles(LIVE, "Dune");
    assertThat(searching.titles()).as("Emma does not match the search").containsExactly("Dune");
  }

  @Test
  @DisplayName("a movie shows live on the movies page only, with its director")
  void moviesPage(Vertx vertx) {
    RunningShelf shelf = RunningShelf.start(vertx, dir);
    AppPage movies = new AppPage(chromium.driver(), shelf.port).open("/app/movies.html");
    assertThat(movies.find("th:nth-child(2)").getText()).isEqualTo("Director");

    shelf.create("movies", new JsonObject().put("title", "Alien").put("director", "Ridley Scott").put("year", 1979));
    shelf.book("Dune", "Frank Herbert", 1965);

    movies.waitForTitles(LIVE, "Alien");
    assertThat(movies.row("Alien").findElement(By.cssSelector("td.col-director")).getText()).isEqualTo("Ridley Scott");
    movies.add("Solaris", "", "1972");
    movies.waitUntil(d -> movies.find("#field-director-error").isDisplayed());
    assertThat(movies.find("#field-director-error").getText()).isEqualTo("Director must not be blank.");
  }

  @Test
  @DisplayName("the form says so when the record being edited is deleted elsewhere")
  void editedRecordDeletedElsewhere(Vertx vertx) {
    RunningShelf shelf = RunningShelf.start(vertx, dir);
    JsonObject dune = shelf.book("Dune", "Frank Herbert", 1965);
    AppPage page = new AppPage(chromium.driver(), shelf.port).open("/app/books.html");
    page.row("Dune").findElement(By.cssSelector("button.edit")).click();

    shelf.delete("/books/" + dune.getLong("id"));

    page.waitUntil(LIVE, d -> page.find("#editor-message").isDisplayed());
    assertThat(page.find("#editor-message").getText()).isEqualTo("This book was deleted by someone else; it can no longer be saved.");
    assertThat(page.find("#editor-save").isEnabled()).isFalse();
  }

  @Test
  @DisplayName("after a restart that it missed changes across, the page gets reset and reloads")
  void reloadsAfterReset(Vertx vertx) throws IOException {
    int port;
    try (ServerSocket free = new ServerSocket(0)) {
      port = free.getLocalPort();
    }
    JsonObject fixedPort = new JsonObject().put("http", new JsonObject().put("port", port));
    RunningShelf shelf = RunningShelf.start(vertx, dir, fixedPort);
    shelf.book("Emma", "Jane Austen", 1815);
    AppPage page = new AppPage(chromium.driver(), shelf.port).open("/app/books.html?sort=title");
    page.waitForTitles("Emma");
    shelf.stop();

    RunningShelf elsewhere = RunningShelf.start(vertx, dir);
    elsewhere.book("Dune", "Frank Herbert", 1965);
    elsewhere.stop();
    RunningShelf.start(vertx, dir, fixedPort);

    page.waitForTitles(Duration.ofSeconds(10), "Dune", "Emma");
    page.waitUntil(d -> "live".equals(page.find("#live").getDomAttribute("data-state")));
  }
}
