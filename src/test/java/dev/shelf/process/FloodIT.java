package dev.shelf.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("A write flood against the real process with -Xmx256m")
class FloodIT {

  @TempDir
  Path dir;

  @Test
  @DisplayName("3,000 writes at once: all answered (201 or 503), the 201s all stored, health and reads answered throughout, no OOM")
  void flood() throws Exception {
    Map<String, String> env = Map.of("SHELF_DB_PATH", dir.resolve("shelf.db").toString(),
        "SHELF_DB_WRITE_QUEUE_MAX", "500", "JAVA_TOOL_OPTIONS", "-Xmx256m");
    try (ShelfProcess shelf = ShelfProcess.start(dir, env)) {
      shelf.awaitReady();
      HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(10)).build();
      List<CompletableFuture<HttpResponse<String>>> writes = new ArrayList<>();
      for (int i = 0; i < 3000; i++) {
        writes.add(http.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + shelf.port + "/books"))
            .timeout(Duration.ofSeconds(60)).header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString("{\"title\":\"flood " + i + "\",\"author\":\"a\"}")).build(),
            HttpResponse.BodyHandlers.ofString()));
      }
      AtomicInteger readsOk = new AtomicInteger();
      while (!CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new)).isDone()) {
        assertThat(shelf.get("/health/ready").statusCode()).as("health check answers during the flood").isEqualTo(200);
        assertThat(shelf.get("/books?limit=1").statusCode()).as("reads are answered during the flood").isEqualTo(200);
        readsOk.incrementAndGet();
        Thread.sleep(20);
      }

      List<Integer> statuses = writes.stream().map(w -> w.join().statusCode()).toList();
      assertThat(statuses).allSatisfy(status -> assertThat(status).isIn(201, 503));
      long created = statuses.stream().filter(s -> s == 201).count();
      assertThat(storedCount(shelf)).isEqualTo(created);
      assertThat(readsOk.get()).isPositive();
      assertThat(shelf.output()).doesNotContain("OutOfMemoryError").doesNotContain("has been blocked for");
    }
  }

  @Test
  @DisplayName("a maximum-size import (10 MB, 200,000 rows) at -Xmx256m: 201, every row stored, no OOM, nothing left hidden (issue 12.2/12.3)")
  void maximumImport() throws Exception {
    Path db = dir.resolve("shelf.db");
    Map<String, String> env = Map.of("SHELF_DB_PATH", db.toString(), "JAVA_TOOL_OPTIONS", "-Xmx256m");
    int rows = 200_000;
    StringBuilder csv = new StringBuilder("title,author,year\r\n");
    for (int i = 0; i < rows; i++) {
      csv.append(String.format("Imported title number %06d,Imported author,1999\r\n", i));
    }
    try (ShelfProcess shelf = ShelfProcess.start(dir, env)) {
      shelf.awaitReady();
      HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(10)).build();
      // Minutes on a busy 2-core machine; the default 30 s idle timeout must not cut the wait.
      HttpResponse<String> imported = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + shelf.port
              + "/books/import")).timeout(Duration.ofSeconds(900)).header("Content-Type", "text/csv")
          .POST(HttpRequest.BodyPublishers.ofString(csv.toString())).build(), HttpResponse.BodyHandlers.ofString());

      assertThat(imported.statusCode()).as(imported.body()).isEqualTo(201);
      assertThat(imported.body()).contains("\"imported\":" + rows);
      assertThat(shelf.output()).doesNotContain("OutOfMemoryError");
    }
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
         ResultSet counts = c.createStatement().executeQuery(
             "SELECT count(*), count(*) FILTER (WHERE version > 0) FROM books")) {
      assertThat(counts.getLong(1)).as("rows in the file").isEqualTo(rows);
      assertThat(counts.getLong(2)).as("visible rows").isEqualTo(rows);
    }
  }

  private static long storedCount(ShelfProcess shelf) throws Exception {
    long count = 0;
    String cursor = null;
    Pattern next = Pattern.compile("\"next\":\"([^\"]+)\"");
    do {
      String body = shelf.get("/books?limit=500" + (cursor == null ? "" : "&cursor=" + cursor)).body();
      count += body.split("\"id\":", -1).length - 1;
      Matcher m = next.matcher(body);
      cursor = m.find() ? m.group(1) : null;
    } while (cursor != null);
    return count;
  }
}
