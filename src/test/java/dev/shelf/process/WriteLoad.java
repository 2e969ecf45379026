package dev.shelf.process;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Many clients writing through the balancer at once: creates, If-Match patches and deletes of
 * their own books, each client on its own thread. Every request and its outcome is kept, so a test
 * can check afterwards what the database must hold: a 2xx is definite; anything else is
 * ambiguous, and the client leaves that record alone from then on.
 */
final class WriteLoad {

  /** One request and its answer; status 0 when no answer came at all ({@code error} says why). */
  record Outcome(String op, String title, long id, long sentVersion, int status, long version, Integer year,
                 long startedMs, long endedMs, String error) {

    boolean ok() {
      return status >= 200 && status < 300;
    }
  }

  /** A book a client created and still looks after. */
  private static final class Mine {
    final String title;
    final long id;
    long version;

    Mine(String title, long id, long version) {
      this.title = title;
      this.id = id;
      this.version = version;
    }
  }

  final List<Outcome> outcomes = new CopyOnWriteArrayList<>();
  private final AtomicInteger succeeded = new AtomicInteger();
  private final Function<String, URI> target;
  private final AtomicBoolean stop = new AtomicBoolean();
  private final List<Thread> threads = new ArrayList<>();
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  WriteLoad(Function<String, URI> target) {
    this.target = target;
  }

  void start(int clients) {
    for (int c = 0; c < clients; c++) {
      int client = c;
      Thread thread = new Thread(() -> run(client), "write-load-" + c);
      threads.add(thread);
      thread.start();
    }
  }

  /**
   * Waits until {@code more} further writes have succeeded (at most 90 s): on a loaded machine the
   * clients may take seconds to get going, and a kill before the load runs would test nothing.
   */
  void awaitMoreSuccesses(int more) throws InterruptedException {
    int target = succeeded.get() + more;
    long deadline = System.currentTimeMillis() + 90_000;
    while (succeeded.get() < target) {
      if (System.currentTimeMillis() > deadline) {
        throw new AssertionError("the load made " + succeeded.get() + " successful writes, not " + target + ", in 90 s");
      }
      Thread.sleep(50);
    }
  }

  void stop() throws InterruptedException {
    stop.set(true);
    for (Thread thread : threads) {
      thread.join(30_000);
    }
  }

  private void run(int client) {
    Random random = new Random(client);
    List<Mine> mine = new ArrayList<>();
    int created = 0;
    while (!stop.get()) {
      double dice = random.nextDouble();
      if (mine.isEmpty() || dice < 0.6) {
        String title = "c" + client + "-" + created++;
        Outcome outcome = send("create", title, 0, 0, null, HttpRequest.newBuilder(target.apply("/books"))
            .POST(HttpRequest.BodyPublishers.ofString(new JsonObject().put("title", title).put("author", "Load")
                .encode())));
        if (outcome.ok()) {
          mine.add(new Mine(title, outcome.id(), outcome.version()));
        }
      } else {
        Mine book = mine.remove(random.nextInt(mine.size()));
        HttpRequest.Builder request = HttpRequest.newBuilder(target.apply("/books/" + book.id))
            .header("If-Match", "\"" + book.version + "\"");
        Outcome outcome;
        if (dice < 0.9) {
          int year = 1000 + random.nextInt(1000);
          outcome = send("patch", book.title, book.id, book.version, year,
              request.method("PATCH", HttpRequest.BodyPublishers.ofString("{\"year\":" + year + "}")));
        } else {
          outcome = send("delete", book.title, book.id, book.version, null, request.DELETE());
        }
        if (outcome.ok() && outcome.op().equals("patch")) {
          book.version = outcome.version();
          mine.add(book);
        }
      }
    }
  }

  private Outcome send(String op, String title, long id, long sentVersion, Integer year, HttpRequest.Builder request) {
    long started = System.currentTimeMillis();
    int status = 0;
    long version = 0;
    long gotId = id;
    String error = null;
    try {
      HttpResponse<String> response = http.send(request.header("Content-Type", "application/json")
          .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
      status = response.statusCode();
      if (status == 200 || status == 201) {
        JsonObject body = new JsonObject(response.body());
        gotId = body.getLong("id");
        version = body.getLong("version");
      }
    } catch (Exception e) {
      status = 0;
      error = e.toString();
    }
    Outcome outcome = new Outcome(op, title, gotId, sentVersion, status, version, year, started,
        System.currentTimeMillis(), error);
    outcomes.add(outcome);
    if (outcome.ok()) {
      succeeded.incrementAndGet();
    }
    return outcome;
  }
}
