package dev.shelf.browser;

import dev.shelf.support.RunningShelf;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * Makes the README's screenshot: starts Shelf on a temporary database, adds a few books, opens
 * the books page in headless Chromium, adds one more book through the API so the live highlight
 * shows, and saves the page. Run it from the project folder with
 * <pre>
 * mvn -q test-compile dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/cp.txt
 * java -cp target/test-classes:target/classes:$(cat target/cp.txt) dev.shelf.browser.ReadmeScreenshot docs/screenshot.png 1100 800
 * </pre>
 */
public final class ReadmeScreenshot {

  private static final Object[][] BOOKS = {
      {"Middlemarch", "George Eliot", 1871}, {"Things Fall Apart", "Chinua Achebe", 1958},
      {"Pale Fire", "Vladimir Nabokov", 1962}, {"Dune", "Frank Herbert", 1965},
      {"The Left Hand of Darkness", "Ursula K. Le Guin", 1969}, {"Invisible Cities", "Italo Calvino", 1972},
      {"Kindred", "Octavia E. Butler", 1979}, {"Beloved", "Toni Morrison", 1987},
  };

  private ReadmeScreenshot() {
  }

  public static void main(String[] args) throws Exception {
    Path target = Path.of(args.length > 0 ? args[0] : "docs/screenshot.png");
    int width = args.length > 1 ? Integer.parseInt(args[1]) : 1100;
    int height = args.length > 2 ? Integer.parseInt(args[2]) : 760;
    Path dir = Files.createTempDirectory("shelf-screenshot");
    Vertx vertx = Vertx.vertx();
    Chromium chromium = new Chromium();
    try {
      RunningShelf shelf = RunningShelf.start(vertx, dir);
      for (Object[] book : BOOKS) {
        shelf.book((String) book[0], (String) book[1], (Integer) book[2]);
      }
      chromium.beforeAll(null);
      ChromeDriver driver = chromium.driver();
      driver.manage().window().setSize(new Dimension(width, height));
      AppPage page = new AppPage(driver, shelf.port).open("/app/books.html?sort=title");
      shelf.create("books", new JsonObject().put("title", "Kafka on the Shore").put("author", "Haruki Murakami")
          .put("year", 2002));
      page.waitUntil(d -> page.titles().contains("Kafka on the Shore"));
      Files.createDirectories(target.toAbsolutePath().getParent());
      Files.write(target, driver.getScreenshotAs(OutputType.BYTES));
      System.out.println("Saved " + target);
    } finally {
      chromium.afterAll(null);
      RunningShelf.await(vertx.close());
    }
  }
}
