package dev.shelf.storage.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shelf.support.EventReader;
import dev.shelf.support.Postgres;
import dev.shelf.support.RunningShelf;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(VertxExtension.class)
@DisplayName("PostgreSQL stopped under load: 503 problems, readiness says why, and everything comes back with it")
class PgOutageTest {

  private static final int STORAGE_TIMEOUT_MS = 3_000;

  @TempDir
  Path dir;
  private Postgres postgres;

  @AfterEach
  void stopServer() {
    if (postgres != null) {
      postgres.close();
    }
  }

  /** One request and how it ended. */
  private record Answer(int status, String contentType, long millis) {
  }

  @Test
  @DisplayName("reads and writes get 503 problem+json within the storage timeout, never a 500 or a hang; no restart needed")
  void stopAndRestart(Vertx vertx) throws Exception {
    RunningShelf shelf = startOnPostgres(vertx);
    outageUnderLoadAndBack(shelf);
  }

  @Test
  @DisplayName("/events goes on delivering every change through an outage and after PostgreSQL is back: gap-free ids,"
      + " no duplicates, no reset")
  void eventsFlowThroughAnOutage(Vertx vertx) throws Exception {
    RunningShelf shelf = startOnPostgres(vertx);
    EventReader events = EventReader.open(vertx, shelf.port, null);
    long start = events.next().json().getLong("id");
    JsonObject after = outageUnderLoadAndBack(shelf);
    List<EventReader.Event> seen = new ArrayList<>();
    EventReader.Event event;
    do {
      event = events.next(Duration.ofSeconds(15));
      seen.add(event);
    } while (!event.type().equals("book.created") || !event.json().getString("title").equals("After"));
    events.close();
    assertThat(event.json().getLong("id")).isEqualTo(after.getLong("id"));
    assertThat(seen).as("every event from the first to the one of After, once each, in order: no reset")
        .extracting(EventReader.Event::number)
        .containsExactlyElementsOf(LongStream.rangeClosed(start + 1, event.number()).boxed().toList());
  }

  /**
   * A durable server: with fsync or synchronous_commit off, {@code -m immediate} loses the last
   * acknowledged commits, and the event counter goes back to ids /events has already sent.
   */
  private RunningShelf startOnPostgres(Vertx vertx) {
    postgres = Postgres.start(true);
    return RunningShelf.start(vertx, dir, new JsonObject()
        .put("http", new JsonObject().put("storageTimeoutMs", STORAGE_TIMEOUT_MS))
        .put("db", new JsonObject().put("kind", "postgres").put("url", postgres.freshDatabase())));
  }

  /**
   * Eight clients read and write while PostgreSQL is stopped: every answer is 200, 201 or a 503
   * problem within the timeout, readiness is DOWN naming storage; once it is back, Shelf serves
   * again without a restart. Answers the record written after the restart.
   */
  private JsonObject outageUnderLoadAndBack(RunningShelf shelf) throws Exception {
    long id = shelf.book("Before", "A", 2000).getLong("id");
    ConcurrentLinkedQueue<Answer> answers = new ConcurrentLinkedQueue<>();
    AtomicBoolean loading = new AtomicBoolean(true);
    for (int client = 0; client < 8; client++) {
      loop(shelf, client, id, answers, loading);
    }
    Thread.sleep(500);

    postgres.stopImmediately();
    answers.clear();
    Thread.sleep(2_000);
    HttpResponse<Buffer> ready = shelf.get("/health/ready");
    loading.set(false);
    Thread.sleep(200);

    assertThat(answers).as("answers while PostgreSQL was down").isNotEmpty();
    assertThat(answers).allSatisfy(answer -> {
      assertThat(answer.status()).isIn(200, 201, 503);
      assertThat(answer.millis()).isLessThan(STORAGE_TIMEOUT_MS + 1_000);
    });
    assertThat(answers).filteredOn(answer -> answer.status() == 503)
        .isNotEmpty()
        .allSatisfy(answer -> assertThat(answer.contentType()).startsWith("application/problem+json"));
    assertThat(ready.statusCode()).isEqualTo(503);
    JsonObject problem = ready.bodyAsJsonObject();
    assertThat(problem.getString("detail")).contains("storage").contains("database is unavailable");
    assertThat(problem.getJsonArray("checks").getJsonObject(0).getString("status")).isEqualTo("DOWN");

    postgres.startServer();
    awaitReady(shelf);
    JsonObject after = shelf.book("After", "A", 2001);
    assertThat(shelf.get("/books/" + id).statusCode()).isEqualTo(200);
    return after;
  }

  /** Keeps one client busy: a write, a read of one book, a page, over and over, until told to stop. */
  private static void loop(RunningShelf shelf, int client, long id, ConcurrentLinkedQueue<Answer> answers,
      AtomicBoolean loading) {
    if (!loading.get()) {
      return;
    }
    long started = System.currentTimeMillis();
    Future<HttpResponse<Buffer>> request = switch (client % 3) {
      case 0 -> shelf.http.request(HttpMethod.POST, "/books").putHeader("Content-Type", "application/json")
          .sendBuffer(Buffer.buffer("{\"title\":\"During\",\"author\":\"B\"}"));
      case 1 -> shelf.http.get("/books/" + id).send();
      default -> shelf.http.get("/books?limit=5").send();
    };
    request.onComplete(done -> {
      if (done.succeeded()) {
        answers.add(new Answer(done.result().statusCode(), String.valueOf(done.result().getHeader("Content-Type")),
            System.currentTimeMillis() - started));
      } else {
        answers.add(new Answer(-1, done.cause().toString(), System.currentTimeMillis() - started));
      }
      loop(shelf, client, id, answers, loading);
    });
  }

  private static void awaitReady(RunningShelf shelf) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 15_000;
    while (shelf.get("/health/ready").statusCode() != 200) {
      assertThat(System.currentTimeMillis()).as("ready again within 15 s").isLessThan(deadline);
      Thread.sleep(100);
    }
  }
}
