package dev.shelf.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shelf.storage.RecordStore;
import dev.shelf.support.RunningShelf;
import dev.shelf.support.SqliteFile;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A big import is staged a chunk per writer turn and shown at once (issue 12.3). Before, one
 * transaction held the single writer for the whole import: measured on this 2-core machine with
 * other builds running, single POSTs during a 200,000-row import waited 44.6 s for the writer and
 * were then refused (503); see docs/reliability.md for the figures with chunks.
 */
@ExtendWith(VertxExtension.class)
@DisplayName("A maximum-size import does not hold the writer: other clients' writes keep moving, and nobody sees a partial import (issue 12.3)")
class ImportInterleavingTest {

  /** 200,000 rows of 50 bytes: 10,000,000 bytes, just under the default http.importBodyLimit (10 MiB). */
  private static final int MAX_ROWS = 200_000;
  /** Far above what a write waits between chunks, far below what it waited behind a whole import. */
  private static final long WRITE_P99_BOUND_MS = 2_000;
  /**
   * /health/live never waits for the writer, with or without chunks (measured before them: p99
   * 69 ms); on a loaded 2-core machine a GC or CPU stall of the test JVM shows in its slowest
   * answers, so 95 % of them must be under 100 ms.
   */
  private static final long LIVE_P95_BOUND_MS = 100;

  @TempDir
  Path dir;

  @Test
  @DisplayName("during a 10 MB, 200,000-row import, single POSTs from other clients finish with p99 under 2 s, /health/live with p95 under 100 ms")
  void writesKeepMoving(Vertx vertx) throws Exception {
    RunningShelf shelf = RunningShelf.start(vertx, dir, new JsonObject().put("http", new JsonObject().put("idleTimeoutSec", 600)));
    StringBuilder csv = new StringBuilder("title,author,year\r\n");
    for (int i = 0; i < MAX_ROWS; i++) {
      csv.append(String.format("Imported title number %06d,Imported author,1999\r\n", i));
    }
    Buffer body = Buffer.buffer(csv.toString());
    assertThat(body.length()).isLessThanOrEqualTo(10 * 1024 * 1024);

    AtomicBoolean importing = new AtomicBoolean(true);
    List<Long> writes = new CopyOnWriteArrayList<>();
    List<Long> lives = new CopyOnWriteArrayList<>();
    List<String> unexpected = new CopyOnWriteArrayList<>();
    List<Thread> clients = new ArrayList<>();
    for (int c = 0; c < 2; c++) {
      int client = c;
      clients.add(started(() -> measure(importing, writes, unexpected, () -> shelf.http.post("/books")
          .sendJsonObject(new JsonObject().put("title", "Single " + client).put("author", "A")), 201)));
    }
    clients.add(started(() -> measure(importing, lives, unexpected, () -> shelf.http.get("/health/live").send(), 200)));

    HttpResponse<Buffer> imported = shelf.http.post("/books/import").putHeader("Content-Type", "text/csv")
        .sendBuffer(body).await(300, TimeUnit.SECONDS);
    importing.set(false);
    for (Thread client : clients) {
      client.join(60_000);
    }

    assertThat(imported.statusCode()).as(imported.bodyAsString()).isEqualTo(201);
    assertThat(imported.bodyAsJsonObject().getInteger("imported")).isEqualTo(MAX_ROWS);
    System.out.printf("import of %d rows: %d single writes, p50 %d ms, p99 %d ms, max %d ms;"
            + " %d /health/live, p50 %d ms, p95 %d ms, p99 %d ms, max %d ms%n",
        MAX_ROWS, writes.size(), percentile(writes, 50), percentile(writes, 99), percentile(writes, 100),
        lives.size(), percentile(lives, 50), percentile(lives, 95), percentile(lives, 99), percentile(lives, 100));
    // The writer's share, for the record: how long each chunk and the final step took.
    within(shelf.http.get("/metrics").send()).bodyAsString().lines()
        .filter(line -> line.startsWith("shelf_storage_request_seconds") && line.contains("Import\""))
        .forEach(System.out::println);
    assertThat(unexpected).as("answers other than 201 / 200").isEmpty();
    assertThat(writes).as("writes measured during the import").hasSizeGreaterThan(10);
    assertThat(percentile(writes, 99)).as("p99 of single writes during the import, ms").isLessThan(WRITE_P99_BOUND_MS);
    assertThat(percentile(lives, 95)).as("p95 of /health/live during the import, ms").isLessThan(LIVE_P95_BOUND_MS);
  }

  @Test
  @DisplayName("an import refused in its last chunk: a reader polling throughout never sees one of its rows, and none is stored afterwards")
  void failedLastChunkNeverVisible(Vertx vertx) throws Exception {
    RunningShelf shelf = RunningShelf.start(vertx, dir);
    int rows = RecordStore.IMPORT_CHUNK * 8 + 10;
    StringBuilder csv = new StringBuilder("title,author,year\r\n");
    for (int i = 0; i < rows - 1; i++) {
      csv.append("Partial,Someone,").append(1900 + i % 100).append("\r\n");
    }
    csv.append("Partial,Someone,not a year\r\n");

    AtomicBoolean importing = new AtomicBoolean(true);
    List<Integer> seen = new CopyOnWriteArrayList<>();
    Thread reader = started(() -> {
      while (importing.get()) {
        HttpResponse<Buffer> page = within(shelf.http.get("/books?title=Partial&limit=5").send());
        HttpResponse<Buffer> all = within(shelf.http.get("/books?limit=5").send());
        seen.add(page.bodyAsJsonObject().getJsonArray("items").size() + all.bodyAsJsonObject().getJsonArray("items").size());
      }
    });
    HttpResponse<Buffer> refused = shelf.http.post("/books/import").putHeader("Content-Type", "text/csv")
        .sendBuffer(Buffer.buffer(csv.toString())).await(120, TimeUnit.SECONDS);
    importing.set(false);
    reader.join(60_000);

    assertThat(refused.statusCode()).as(refused.bodyAsString()).isEqualTo(422);
    assertThat(seen).as("polls during the import").isNotEmpty().containsOnly(0);
    assertThat(shelf.http.get("/books?limit=5").send().await(30, TimeUnit.SECONDS).bodyAsJsonObject()
        .getJsonArray("items")).isEmpty();
    if (!RunningShelf.onPostgres()) {
      assertThat(rowsInFile(shelf)).as("rows in the file, hidden ones included").isZero();
    }
  }

  /** Sends {@code call} again and again while {@code running}, recording each answer's time in ms. */
  private static void measure(AtomicBoolean running, List<Long> times, List<String> unexpected,
      Supplier<Future<HttpResponse<Buffer>>> call, int status) {
    while (running.get()) {
      long start = System.nanoTime();
      HttpResponse<Buffer> response = within(call.get());
      long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      if (response.statusCode() != status) {
        unexpected.add(response.statusCode() + " " + response.bodyAsString());
      } else if (running.get()) {
        times.add(ms);
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  /** The answer, waited for at most 120 s (from a client thread, not an event loop). */
  private static <T> T within(Future<T> answer) {
    try {
      return answer.await(120, TimeUnit.SECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException("no answer within 120 s", e);
    }
  }

  private static Thread started(Runnable client) {
    Thread thread = new Thread(client, "import-test-client");
    thread.start();
    return thread;
  }

  private static long percentile(List<Long> values, int p) {
    List<Long> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    if (sorted.isEmpty()) {
      return 0;
    }
    int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
  }

  private static int rowsInFile(RunningShelf shelf) throws Exception {
    return (int) SqliteFile.of(shelf.dbFile).number("SELECT count(*) FROM books");
  }
}
