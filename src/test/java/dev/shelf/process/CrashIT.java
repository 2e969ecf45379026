package dev.shelf.process;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shelf.support.SqliteFile;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("kill -9 during a write load loses no acknowledged write")
class CrashIT {

  private static final Pattern ID = Pattern.compile("\"id\":(\\d+)");
  private static final Pattern VERSION = Pattern.compile("\"version\":(\\d+)");

  @TempDir
  Path dir;

  /** What the server acknowledged with a 2xx, per id: the last version acknowledged, or deleted. */
  private final Map<Long, Long> ackedVersion = new ConcurrentHashMap<>();
  private final Map<Long, Boolean> ackedDeleted = new ConcurrentHashMap<>();
  /** Deletes sent but not acknowledged (cut off by the kill): either outcome is allowed. */
  private final Map<Long, Boolean> deleteSent = new ConcurrentHashMap<>();

  @Test
  @DisplayName("three rounds of load, SIGKILL, restart on the same file: every 2xx is there, nothing half-applied")
  void crashes() throws Exception {
    for (int round = 1; round <= 3; round++) {
      try (ShelfProcess shelf = ShelfProcess.start(dir, Map.of("SHELF_DB_PATH", dir.resolve("shelf.db").toString()))) {
        shelf.awaitReady();
        verify(shelf, round);
        load(shelf, Duration.ofMillis(1500));
        shelf.process.destroyForcibly().waitFor();
      }
    }
    try (ShelfProcess shelf = ShelfProcess.start(dir, Map.of("SHELF_DB_PATH", dir.resolve("shelf.db").toString()))) {
      shelf.awaitReady();
      verify(shelf, 4);
    }
    assertThat(SqliteFile.of(dir.resolve("shelf.db")).text("PRAGMA integrity_check")).isEqualTo("ok");
    assertThat(ackedVersion).as("the load acknowledged writes").hasSizeGreaterThan(50);
  }

  /** Creates, patches and deletes, 32 requests at a time, for {@code length}. */
  private void load(ShelfProcess shelf, Duration length) throws Exception {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    Semaphore inFlight = new Semaphore(32);
    long end = System.nanoTime() + length.toNanos();
    while (System.nanoTime() < end) {
      inFlight.acquire();
      send(http, shelf.port, randomOperation()).whenComplete((r, e) -> inFlight.release());
    }
    // The kill comes with requests still in flight: their outcome is unknown and not counted.
  }

  private record Operation(String method, String path, String body, long id) {
  }

  private Operation randomOperation() {
    List<Long> live = ackedVersion.keySet().stream().filter(id -> !ackedDeleted.containsKey(id)).toList();
    int dice = ThreadLocalRandom.current().nextInt(10);
    if (live.isEmpty() || dice < 5) {
      return new Operation("POST", "/books", "{\"title\":\"crash-0\",\"author\":\"a\",\"year\":0}", 0);
    }
    long id = live.get(ThreadLocalRandom.current().nextInt(live.size()));
    if (dice < 9) {
      int n = ThreadLocalRandom.current().nextInt(1, 2000);
      return new Operation("PATCH", "/books/" + id, "{\"title\":\"crash-" + n + "\",\"year\":" + n + "}", id);
    }
    return new Operation("DELETE", "/books/" + id, "", id);
  }

  private CompletableFuture<HttpResponse<String>> send(HttpClient http, int port, Operation op) {
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + op.path()))
        .timeout(Duration.ofSeconds(5))
        .header("Content-Type", "application/json")
        .method(op.method(), op.body().isEmpty() ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(op.body()))
        .build();
    if (op.method().equals("DELETE")) {
      deleteSent.put(op.id(), true);
    }
    return http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).whenComplete((response, error) -> {
      if (response == null || response.statusCode() / 100 != 2) {
        return;
      }
      if (op.method().equals("DELETE")) {
        ackedDeleted.put(op.id(), true);
      } else {
        long id = Long.parseLong(first(ID, response.body()));
        long version = Long.parseLong(first(VERSION, response.body()));
        ackedVersion.merge(id, version, Math::max);
      }
    });
  }

  /** Every acknowledged create is there unless its delete was acknowledged; no row is half-updated. */
  private void verify(ShelfProcess shelf, int round) throws Exception {
    for (Map.Entry<Long, Long> acked : ackedVersion.entrySet()) {
      HttpResponse<String> response = shelf.get("/books/" + acked.getKey());
      if (ackedDeleted.containsKey(acked.getKey())) {
        assertThat(response.statusCode()).as("round %d: deleted %d", round, acked.getKey()).isEqualTo(404);
        continue;
      }
      if (deleteSent.containsKey(acked.getKey()) && response.statusCode() == 404) {
        ackedDeleted.put(acked.getKey(), true); // its delete committed just before the kill
        continue;
      }
      assertThat(response.statusCode()).as("round %d: acknowledged %d is missing", round, acked.getKey()).isEqualTo(200);
      String body = response.body();
      assertThat(Long.parseLong(first(VERSION, body))).as("round %d: version of %d", round, acked.getKey())
          .isGreaterThanOrEqualTo(acked.getValue());
      Matcher title = Pattern.compile("\"title\":\"crash-(\\d+)\".*\"year\":(\\d+)").matcher(body);
      assertThat(title.find()).as(body).isTrue();
      assertThat(title.group(1)).as("title and year come from the same write: %s", body).isEqualTo(title.group(2));
    }
  }

  private static String first(Pattern pattern, String text) {
    Matcher m = pattern.matcher(text);
    if (!m.find()) {
      throw new AssertionError(pattern + " not in " + text);
    }
    return m.group(1);
  }
}
