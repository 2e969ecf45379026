package dev.shelf.browser;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * One headless Debian Chromium per test class, driven through Debian's chromedriver. Both paths
 * are given explicitly, so Selenium Manager never looks for (or downloads) a browser or driver.
 * When a test fails, a screenshot and the page's HTML go to {@code target/screenshots/}.
 */
public final class Chromium implements BeforeAllCallback, AfterAllCallback, TestWatcher {

  static final String BROWSER = System.getProperty("shelf.chromium", "/usr/bin/chromium");
  static final String DRIVER = System.getProperty("shelf.chromedriver", "/usr/bin/chromedriver");
  private static final Path SCREENSHOTS = Path.of("target", "screenshots");

  private ChromeDriver driver;
  private Path profile;

  public ChromeDriver driver() {
    return driver;
  }

  @Override
  public void beforeAll(ExtensionContext context) throws IOException {
    for (String path : new String[] {BROWSER, DRIVER}) {
      if (!new File(path).canExecute()) {
        throw new IllegalStateException(path + " is missing: install Debian's chromium and chromium-driver "
            + "(apt-get install -y chromium chromium-driver, as .ci/run does)");
      }
    }
    profile = Files.createTempDirectory("shelf-chromium");
    ChromeOptions options = new ChromeOptions()
        .setBinary(BROWSER)
        .addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--disable-dev-shm-usage", "--window-size=1200,900", "--user-data-dir=" + profile);
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(new File(DRIVER))
        .usingAnyFreePort()
        .build();
    driver = new ChromeDriver(service, options);
    driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(10));
  }

  @Override
  public void afterAll(ExtensionContext context) throws IOException {
    if (driver != null) {
      driver.quit();
    }
    if (profile != null) {
      try (Stream<Path> files = Files.walk(profile)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  @Override
  public void testFailed(ExtensionContext context, Throwable cause) {
    if (driver == null) {
      return;
    }
    String name = context.getRequiredTestClass().getSimpleName() + "-" + context.getRequiredTestMethod().getName();
    try {
      Files.createDirectories(SCREENSHOTS);
      Files.write(SCREENSHOTS.resolve(name + ".png"), driver.getScreenshotAs(OutputType.BYTES));
      Files.writeString(SCREENSHOTS.resolve(name + ".html"),
          Optional.ofNullable(driver.getPageSource()).orElse(""), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (RuntimeException e) {
      // The browser may be the thing that failed; the test's own failure is what matters.
      cause.addSuppressed(e);
    }
  }
}
