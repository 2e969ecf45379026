package dev.shelf.browser;

import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The books or movies page as a person uses it: what it shows and what can be done on it. Waits
 * are for a condition, never for a fixed time.
 */
final class AppPage {

  static final Duration WAIT = Duration.ofSeconds(5);

  private final WebDriver driver;
  private final String base;

  AppPage(WebDriver driver, int port) {
    this.driver = driver;
    this.base = "http://127.0.0.1:" + port;
  }

  /** Opens a page (path and query) and waits until it is live and has drawn its first list. */
  AppPage open(String path) {
    driver.get(base + path);
    waitUntil(d -> "live".equals(find("#live").getDomAttribute("data-state")));
    waitUntilIdle();
    return this;
  }

  void waitUntilIdle() {
    waitUntil(d -> "false".equals(find("#app").getDomAttribute("aria-busy")));
  }

  <T> T waitUntil(Function<WebDriver, T> condition) {
    return waitUntil(WAIT, condition);
  }

  <T> T waitUntil(Duration timeout, Function<WebDriver, T> condition) {
    return new WebDriverWait(driver, timeout).ignoring(StaleElementReferenceException.class).until(condition::apply);
  }

  WebElement find(String css) {
    return driver.findElement(By.cssSelector(css));
  }

  List<WebElement> findAll(String css) {
    return driver.findElements(By.cssSelector(css));
  }

  /** The titles in the table, top to bottom, read in one go so a redraw cannot tear them. */
  @SuppressWarnings("unchecked")
  List<String> titles() {
    return (List<String>) script("return [...document.querySelectorAll('#rows td.col-title')].map(td => td.textContent)");
  }

  /** Waits until the table shows exactly these titles, in this order. */
  void waitForTitles(String... titles) {
    waitForTitles(WAIT, titles);
  }

  void waitForTitles(Duration timeout, String... titles) {
    List<String> expected = List.of(titles);
    try {
      waitUntil(timeout, d -> titles().equals(expected));
    } catch (org.openqa.selenium.TimeoutException e) {
      throw new AssertionError("expected titles " + expected + " but the page shows " + titles(), e);
    }
  }

  WebElement row(String title) {
    return driver.findElement(By.xpath("//tbody[@id='rows']/tr[td[contains(@class,'col-title')][normalize-space()='"
        + title + "']]"));
  }

  String pageLabel() {
    return find("#page").getText();
  }

  /** Opens the add form, fills it and saves it. */
  void add(String title, String credit, String year) {
    find("#add").click();
    fill(title, credit, year);
    find("#editor-save").click();
  }

  /** Fills the open form; null leaves a field as it is. */
  void fill(String title, String credit, String year) {
    String[] values = {title, credit, year};
    List<WebElement> inputs = findAll("#editor input");
    for (int i = 0; i < values.length; i++) {
      if (values[i] != null) {
        inputs.get(i).clear();
        inputs.get(i).sendKeys(values[i]);
      }
    }
  }

  boolean editorOpen() {
    return find("#editor").getDomAttribute("open") != null;
  }

  /** Replaces an input's text as a person does, with keys (so the page sees input events). */
  void type(String css, String text) {
    find(css).sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.DELETE, text);
  }

  Object script(String js, Object... args) {
    return ((JavascriptExecutor) driver).executeScript(js, args);
  }

  String url() {
    return driver.getCurrentUrl();
  }
}
