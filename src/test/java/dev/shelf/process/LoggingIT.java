package dev.shelf.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("Logs: Logback for Shelf and Vert.x alike, set from a file without a rebuild")
class LoggingIT {

  @TempDir
  Path dir;

  @Test
  @DisplayName("with conf/logback.xml: every line in its format, Vert.x's own included; start-up names version, URL, database, config source; one access line per request")
  void committedConfig() throws Exception {
    Path conf = Path.of("conf/logback.xml").toAbsolutePath();
    String output;
    int port;
    try (ShelfProcess shelf = ShelfProcess.start(dir, Map.of(), List.of("-Dlogback.configurationFile=" + conf))) {
      shelf.awaitReady();
      port = shelf.port;
      shelf.get("/books?limit=1");
      shelf.process.destroy();
      assertThat(shelf.exitCode()).isZero();
      output = shelf.output();
    }

    List<String> lines = output.lines().filter(line -> !line.isBlank()).toList();
    assertThat(lines).allMatch(line -> line.matches("^\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}\\.\\d{3} (TRACE|DEBUG|INFO |WARN |ERROR) \\[.*"),
        "every line is in conf/logback.xml's format");
    assertThat(output)
        .containsPattern("d\\.shelf\\.MainVerticle - Shelf \\S+ starting with config from defaults")
        .contains("Shelf is serving http://127.0.0.1:" + port + "/ (database data/shelf.db")
        .containsPattern("i\\.v\\.l\\.a\\.VertxApplication - Succeeded in deploying verticle")
        .containsPattern("shelf\\.access - 127\\.0\\.0\\.1 GET /books\\?limit=1 200 \\d+B \\d+\\.\\dms");
  }

  @Test
  @DisplayName("without a file: the built-in default, INFO to stderr in the short format, access lines on, Netty quiet")
  void builtInDefault() throws Exception {
    String output;
    try (ShelfProcess shelf = ShelfProcess.start(dir, Map.of())) {
      shelf.awaitReady();
      shelf.get("/books");
      shelf.process.destroy();
      assertThat(shelf.exitCode()).isZero();
      output = shelf.output();
    }

    assertThat(output.lines().filter(line -> !line.isBlank()).toList())
        .allMatch(line -> line.matches("^\\d{2}:\\d{2}:\\d{2}\\.\\d{3} (INFO |WARN |ERROR) \\[.*"), "short format, INFO and above");
    assertThat(output).containsPattern("i\\.v\\.l\\.a\\.VertxApplication - Succeeded in deploying verticle")
        .containsPattern("shelf\\.access - 127\\.0\\.0\\.1 GET /books 200");
  }

  @Test
  @DisplayName("a logback file of one's own changes format and levels: the access log off, Vert.x's lines in the new format")
  void ownConfig() throws Exception {
    Path own = Files.writeString(dir.resolve("my-logback.xml"), """
        <configuration>
          <appender name="OUT" class="ch.qos.logback.core.ConsoleAppender">
            <encoder><pattern>CUSTOM|%level|%logger|%msg%n</pattern></encoder>
          </appender>
          <logger name="shelf.access" level="OFF"/>
          <root level="INFO"><appender-ref ref="OUT"/></root>
        </configuration>
        """);
    String output;
    try (ShelfProcess shelf = ShelfProcess.start(dir, Map.of(), List.of("-Dlogback.configurationFile=" + own))) {
      shelf.awaitReady();
      shelf.get("/books");
      shelf.process.destroy();
      assertThat(shelf.exitCode()).isZero();
      output = shelf.output();
    }

    assertThat(output).contains("CUSTOM|INFO|io.vertx.launcher.application.VertxApplication|Succeeded in deploying verticle")
        .contains("CUSTOM|INFO|dev.shelf.MainVerticle|Shelf is serving")
        .doesNotContain("shelf.access");
  }
}
