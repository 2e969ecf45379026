package dev.shelf.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.shelf.support.RunningShelf;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Lints the served {@code /openapi.json} with Redocly's CLI and its recommended rules, the checks
 * code generators and gateways depend on (servers, security on every operation, 4XX answers).
 *
 * <p>The CLI comes from npm, pinned, installed once into {@code target/}. Without npm this test
 * fails (it never skips): a silent skip in CI would let the document drift. A machine without
 * Node.js can opt out explicitly with {@code -Dshelf.openapiLint=off}.
 */
@ExtendWith(VertxExtension.class)
@DisplayName("/openapi.json passes Redocly's recommended lint rules with no error and no warning")
class OpenApiLintTest {

  private static final String CLI = "@redocly/cli@2.77.0";
  private static final Path INSTALL = Path.of("target", "redocly-cli-2.77.0").toAbsolutePath();

  @TempDir
  Path dir;

  @Test
  @DisplayName("redocly lint --extends=recommended on the served document: 0 errors, 0 warnings")
  void servedDocumentIsLintClean(Vertx vertx) throws Exception {
    if ("off".equals(System.getProperty("shelf.openapiLint"))) {
      System.err.println("OpenApiLintTest: turned off with -Dshelf.openapiLint=off");
      return;
    }
    RunningShelf shelf = RunningShelf.start(vertx, dir);
    Path document = Files.write(dir.resolve("openapi.json"), shelf.get("/openapi.json").body().getBytes());

    Run lint = run(List.of(redocly().toString(), "lint", "--extends=recommended", "--format=json",
        document.toString()), 120);

    JsonObject report = new JsonObject(lint.stdout.substring(lint.stdout.indexOf('{')));
    List<String> problems = report.getJsonArray("problems", new JsonArray()).stream()
        .map(JsonObject.class::cast)
        .map(p -> p.getString("severity") + " " + p.getString("ruleId") + " at "
            + p.getJsonArray("location").getJsonObject(0).getString("pointer") + ": " + p.getString("message"))
        .toList();
    assertThat(problems).as("Redocly's findings on /openapi.json (exit %d)", lint.exit).isEmpty();
    assertThat(lint.exit).as("redocly exit status; stderr: %s", lint.stderr).isZero();
  }

  /** The pinned CLI, installed with npm into target/ on first use. */
  private static Path redocly() throws Exception {
    Path bin = INSTALL.resolve("node_modules/.bin/redocly");
    if (Files.isExecutable(bin)) {
      return bin;
    }
    String npm = onPath("npm");
    if (npm == null) {
      fail("npm is not on the PATH, so the OpenAPI document cannot be linted. Install Node.js 20.19+ with npm"
          + " (CI has it), or opt out explicitly with -Dshelf.openapiLint=off");
    }
    Files.createDirectories(INSTALL);
    Run install = run(List.of(npm, "install", "--no-audit", "--no-fund", "--prefix", INSTALL.toString(), CLI), 300);
    assertThat(install.exit).as("npm install %s failed: %s %s", CLI, install.stdout, install.stderr).isZero();
    assertThat(bin).as("npm installed the redocly command").isExecutable();
    return bin;
  }

  private static String onPath(String command) {
    return Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
        .map(folder -> Path.of(folder, command)).filter(Files::isExecutable)
        .map(Path::toString).findFirst().orElse(null);
  }

  private record Run(int exit, String stdout, String stderr) {
  }

  /** Runs a command with a bound, no telemetry and no update check (they would call out to the internet). */
  private static Run run(List<String> command, int timeoutSec) throws IOException, InterruptedException {
    Path out = Files.createTempFile("lint", ".out");
    Path err = Files.createTempFile("lint", ".err");
    try {
      ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
      builder.environment().put("REDOCLY_TELEMETRY", "off");
      builder.environment().put("REDOCLY_SUPPRESS_UPDATE_NOTICE", "true");
      Process process = builder.start();
      if (!process.waitFor(timeoutSec, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        fail(String.join(" ", command) + " did not finish within " + timeoutSec + " s");
      }
      return new Run(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
          Files.readString(err, StandardCharsets.UTF_8).lines()
              .filter(line -> !line.isBlank() && !line.contains("║") && !line.contains("═"))
              .collect(Collectors.joining("\n")));
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }
}
