package dev.shelf.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shelf.support.RunningShelf;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(VertxExtension.class)
@DisplayName("The demo command line when a demo cannot run")
class DemoCommandLineTest {

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int demo(String... args) {
    return Demo.run(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
        args);
  }

  @Test
  @DisplayName("a missing or unknown demo, option or value exits 2 with the usage")
  void badCommandLines() {
    assertThat(demo()).isEqualTo(2);
    assertThat(demo("dance")).isEqualTo(2);
    assertThat(demo("wait", "--fast")).isEqualTo(2);
    assertThat(demo("wait", "--n", "10,x")).isEqualTo(2);
    assertThat(demo("wait", "--ms", "10001")).isEqualTo(2);
    assertThat(demo("wait", "--url")).isEqualTo(2);

    assertThat(err.toString(StandardCharsets.UTF_8)).contains("no demo named 'dance'").contains("usage:");
    assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
  }

  @Test
  @DisplayName("an unreachable Shelf exits 1 and says how to start it")
  void unreachable() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }

    assertThat(demo("wait", "--url", "http://127.0.0.1:" + closedPort, "--n", "1", "--ms", "0")).isEqualTo(1);

    assertThat(err.toString(StandardCharsets.UTF_8)).contains("wait demo failed").contains("java -jar target/shelf.jar");
    assertThat(out.toString(StandardCharsets.UTF_8)).doesNotContain("Summary:");
  }

  @Test
  @DisplayName("the blocking demo against a Shelf without demo.blocking exits 1 and says why")
  void blockingNeedsTheFlag(Vertx vertx, @TempDir Path dir) {
    RunningShelf shelf = RunningShelf.start(vertx, dir);

    assertThat(demo("blocking", "--url", shelf.baseUrl(), "--n", "1", "--ms", "0")).isEqualTo(1);

    assertThat(err.toString(StandardCharsets.UTF_8)).contains("404").contains("demo.blocking");
  }
}
