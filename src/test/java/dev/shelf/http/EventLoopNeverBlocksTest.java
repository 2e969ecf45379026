package dev.shelf.http;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.shelf.support.RunningShelf;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

@DisplayName("Under load the event loop never blocks, with Vert.x's blocked-thread check set tight")
class EventLoopNeverBlocksTest {

  private static final String CHECKER = "io.vertx.core.impl.BlockedThreadChecker";

  @TempDir
  Path dir;
  Vertx vertx;
  ListAppender<ILoggingEvent> warnings = new ListAppender<>();

  @BeforeEach
  void tightChecker() {
    vertx = Vertx.vertx(new VertxOptions()
        .setMaxEventLoopExecuteTime(200).setMaxEventLoopExecuteTimeUnit(TimeUnit.MILLISECONDS)
        .setBlockedThreadCheckInterval(20).setBlockedThreadCheckIntervalUnit(TimeUnit.MILLISECONDS));
    Logger checker = (Logger) LoggerFactory.getLogger(CHECKER);
    checker.setLevel(ch.qos.logback.classic.Level.WARN);
    warnings.start();
    checker.addAppender(warnings);
  }

  @AfterEach
  void close() {
    ((Logger) LoggerFactory.getLogger(CHECKER)).detachAppender(warnings);
    RunningShelf.await(vertx.close());
  }

  @Test
  @DisplayName("2,000 mixed requests (creates, reads, pages, updates, deletes) log no blocked-thread warning")
  void mixedLoad() {
    RunningShelf shelf = RunningShelf.start(vertx, dir);
    for (int round = 0; round < 10; round++) {
      List<Future<HttpResponse<Buffer>>> calls = new ArrayList<>();
      for (int i = 0; i < 100; i++) {
        calls.add(shelf.http.post("/books").sendJsonObject(new JsonObject().put("title", "T" + i).put("author", "A")));
        calls.add(shelf.http.get("/books/" + (1 + i)).send());
        calls.add(shelf.http.get("/books?limit=20&sort=-title&q=t").send());
        calls.add(shelf.http.patch("/books/" + (1 + i)).sendJsonObject(new JsonObject().put("year", 2000 + i)));
        calls.add(shelf.http.get("/").send());
      }
      RunningShelf.await(Future.join(calls).otherwiseEmpty());
      shelf.delete("/books?title=T" + round);
    }

    assertThat(warnings.list).extracting(ILoggingEvent::getFormattedMessage).isEmpty();
  }

  @Test
  @DisplayName("the check itself works: the deliberate blocking demo route trips it")
  void checkerIsLive() {
    RunningShelf shelf = RunningShelf.start(vertx, dir, new JsonObject().put("demo", new JsonObject().put("blocking", true)));

    assertThat(shelf.get("/demo/blocking-wait?ms=400").statusCode()).isEqualTo(200);

    assertThat(warnings.list).extracting(ILoggingEvent::getFormattedMessage)
        .anySatisfy(message -> assertThat(message).contains("has been blocked for"));
  }
}
