package dev.shelf.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("GET /docs renders in a real browser, from the jar alone")
class DocsBrowserIT {

  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

  @TempDir
  Path dir;

  @Test
  @DisplayName("headless Chromium runs Swagger UI on /openapi.json and shows every tag and operation path")
  void rendersInChromium() throws Exception {
    assumeTrue(Files.isExecutable(CHROMIUM), "Debian's chromium is installed (.ci/run installs it)");
    try (ShelfProcess shelf = ShelfProcess.start(dir, Map.of())) {
      shelf.awaitReady();

      Process browser = new ProcessBuilder(List.of(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu",
          "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
          "--disable-sync", "--user-data-dir=" + dir.resolve("profile"), "--virtual-time-budget=15000", "--dump-dom",
          "http://127.0.0.1:" + shelf.port + "/docs"))
          .redirectError(dir.resolve("chromium.log").toFile())
          .start();
      byte[] dom = browser.getInputStream().readAllBytes();
      assertThat(browser.waitFor(60, TimeUnit.SECONDS)).isTrue();

      String html = new String(dom, StandardCharsets.UTF_8);
      assertThat(html).as("Swagger UI built the page from the document")
          .contains("swagger-ui").contains("Shelf")
          .contains("/books/{id}").contains("/movies/import").contains("/health/ready").contains("/admin/backup")
          .doesNotContain("Failed to load API definition");
    }
  }
}
