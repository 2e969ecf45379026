package dev.shelf.http;

import static io.vertx.core.http.HttpMethod.PATCH;
import static org.assertj.core.api.Assertions.assertThat;

import dev.shelf.support.RunningShelf;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(VertxExtension.class)
@DisplayName("GET /metrics: Prometheus text with Vert.x's HTTP, event-bus and JVM meters and Shelf's own")
class MetricsTest {

  @TempDir
  Path dir;

  @Test
  @DisplayName("requests are counted by route template and status, storage calls by action, rows by table, writes by batch")
  void shelfAndVertxMeters(Vertx vertx) {
    RunningShelf shelf = RunningShelf.start(vertx, dir);
    // Start-up may write too (it removes rows an interrupted import left hidden): count from here.
    String before = shelf.get("/metrics").bodyAsString();
    double batchesBefore = value(before, "shelf_writer_batch_size_count");
    double writesBefore = value(before, "shelf_writer_batch_size_sum");
    shelf.book("Dune", "Frank Herbert", 1965);
    shelf.book("Emma", "Jane Austen", 1815);
    shelf.send(PATCH, "/books/1", new JsonObject().put("year", 1966));
    shelf.get("/books/1");
    shelf.get("/books/1");
    shelf.get("/books/999");
    shelf.create("movies", new JsonObject().put("title", "Alien").put("director", "Ridley Scott"));

    HttpResponse<Buffer> response = shelf.get("/metrics");
    String metrics = response.bodyAsString();

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.getHeader("Content-Type")).startsWith("text/plain; version=0.0.4");
    assertThat(value(metrics, "vertx_http_server_requests_total", "code=\"200\"", "method=\"GET\"", "route=\"/books/:id\"")).isEqualTo(2);
    assertThat(value(metrics, "vertx_http_server_requests_total", "code=\"404\"", "method=\"GET\"", "route=\"/books/:id\"")).isEqualTo(1);
    assertThat(value(metrics, "vertx_http_server_requests_total", "code=\"201\"", "method=\"POST\"", "route=\"/books\"")).isEqualTo(2);
    assertThat(value(metrics, "vertx_eventbus_processed_total", "address=\"shelf.storage.books\"", "side=\"local\"")).isGreaterThanOrEqualTo(6);
    assertThat(value(metrics, "shelf_storage_request_seconds_count", "action=\"create\"", "address=\"shelf.storage.books\"", "outcome=\"ok\"")).isEqualTo(2);
    assertThat(value(metrics, "shelf_storage_request_seconds_count", "action=\"get\"", "outcome=\"not_found\"")).isEqualTo(1);
    assertThat(value(metrics, "shelf_rows", "table=\"books\"")).isEqualTo(2);
    assertThat(value(metrics, "shelf_rows", "table=\"movies\"")).isEqualTo(1);
    // Four writes, one after the other, so four commits of one: two books, a patch, a movie.
    assertThat(value(metrics, "shelf_writer_batch_size_count") - batchesBefore).isEqualTo(4);
    assertThat(value(metrics, "shelf_writer_batch_size_sum") - writesBefore).isEqualTo(4);
    assertThat(value(metrics, "shelf_writer_queue_depth")).isZero();
    assertThat(metrics).contains("jvm_memory_used_bytes{", "jvm_gc_", "jvm_threads_live_threads");
    // The scrape itself is in flight, on one of the HTTP instances: every instance counts into the one gauge.
    assertThat(value(metrics, "vertx_http_server_active_requests", "method=\"GET\"")).isGreaterThanOrEqualTo(1);
    assertThat(value(metrics, "vertx_http_server_active_connections")).isGreaterThanOrEqualTo(1);
  }

  /** The value of the one sample of {@code name} whose labels include all of {@code labels}. */
  private static double value(String metrics, String name, String... labels) {
    Pattern line = Pattern.compile("^" + Pattern.quote(name) + "(\\{[^}]*})? (\\S+)$", Pattern.MULTILINE);
    Matcher m = line.matcher(metrics);
    Double found = null;
    while (m.find()) {
      String labelSet = m.group(1) == null ? "" : m.group(1);
      boolean all = true;
      for (String label : labels) {
        all &= labelSet.contains(label);
      }
      if (all) {
        assertThat(found).as("one sample of %s with %s", name, String.join(",", labels)).isNull();
        found = Double.parseDouble(m.group(2));
      }
    }
    assertThat(found).as("a sample of %s with %s in:\n%s", name, String.join(",", labels), metrics).isNotNull();
    return found;
  }
}
