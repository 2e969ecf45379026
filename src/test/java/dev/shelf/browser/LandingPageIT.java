package dev.shelf.browser;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shelf.support.RunningShelf;
import dev.shelf.support.ShelfTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.WebElement;

@ShelfTest
@DisplayName("The landing page in a real browser")
class LandingPageIT {

  @RegisterExtension
  static final Chromium chromium = new Chromium();

  RunningShelf shelf;
  AppPage page;

  @BeforeEach
  void start(RunningShelf shelf) {
    this.shelf = shelf;
    page = new AppPage(chromium.driver(), shelf.port);
  }

  @Test
  @DisplayName("renders its embedded image")
  void rendersTheImage() {
    chromium.driver().get("http://127.0.0.1:" + shelf.port + "/");

    WebElement logo = page.find("#logo");
    page.waitUntil(d -> Boolean.TRUE.equals(page.script("return arguments[0].complete", logo)));
    assertThat(((Number) page.script("return arguments[0].naturalWidth", logo)).intValue()).isGreaterThan(0);
    assertThat(((Number) page.script("return arguments[0].naturalHeight", logo)).intValue()).isGreaterThan(0);
    assertThat(logo.isDisplayed()).isTrue();
  }

  @Test
  @DisplayName("links to the books and movies pages, and names the JSON API")
  void linksToTheApp() {
    chromium.driver().get("http://127.0.0.1:" + shelf.port + "/");

    assertThat(page.find(".api").getText()).contains("/books").contains("/movies").contains("JSON API");
    page.find("nav a[href='/app/movies.html']").click();
    page.waitUntil(d -> d.getTitle().startsWith("Movies"));
    assertThat(page.find("h1").getText()).isEqualTo("Movies");
    page.find("nav a[href='/app/books.html']").click();
    page.waitUntil(d -> d.getTitle().startsWith("Books"));
    page.waitUntilIdle();
    assertThat(page.find("#empty").getText()).isEqualTo("No books yet. Add the first one.");
  }
}
