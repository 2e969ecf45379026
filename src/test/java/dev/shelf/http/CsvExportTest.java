package dev.shelf.http;

import static dev.shelf.support.ProblemAssert.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.shelf.support.Eventually;
import dev.shelf.support.RunningShelf;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(VertxExtension.class)
@DisplayName("CSV export: every matching row, in pages from storage, written only as fast as the client reads")
public class CsvExportTest {

  @TempDir
  Path dir;

  @Test
  @DisplayName("?format=csv streams all matching rows in the list's order, RFC 4180 quoted, one storage page per 500 rows")
  void allRowsInOrder(Vertx vertx) {
    RunningShelf shelf = RunningShelf.start(vertx, dir);
    importBooks(shelf, 1_201, i -> new JsonObject().put("title", "Book " + i + (i % 7 == 0 ? ", \"quoted\"\r\nline" : ""))
        .put("author", i % 3 == 0 ? "Other" : "Author").put("year", i % 11 == 0 ? null : 1900 + i % 100));
    double listsBefore = listCalls(shelf);

    HttpResponse<Buffer> csv = shelf.get("/books?format=csv&author=Author&sort=-year");

    assertThat(csv.statusCode()).isEqualTo(200);
    assertThat(csv.getHeader("Content-Type")).isEqualTo("text/csv; charset=utf-8; header=present");
    assertThat(csv.getHeader("Content-Disposition")).isEqualTo("attachment; filename=\"books.csv\"");
    assertThat(csv.getHeader("Cache-Control")).isEqualTo("no-store");
    List<List<String>> records = records(csv.bodyAsString());
    assertThat(csv.bodyAsString()).startsWith("id,title,author,year,createdAt,updatedAt,version\r\n").endsWith("\r\n");
    List<JsonObject> expected = walkJsonPages(shelf, "/books?author=Author&sort=-year&limit=500");
    assertThat(records).hasSize(expected.size() + 1);
    assertThat(expected).hasSize(800);
    for (int i = 0; i < expected.size(); i++) {
      JsonObject book = expected.get(i);
      assertThat(records.get(i + 1)).containsExactly(String.valueOf(book.getLong("id")), book.getString("title"),
          book.getString("author"), book.getValue("year") == null ? "" : String.valueOf(book.getInteger("year")),
          book.getString("createdAt"), book.getString("updatedAt"), "1");
    }
    assertThat(listCalls(shelf) - listsBefore).as("storage list calls for 800 rows (the walk above made 2 more)").isEqualTo(2 + 2);
  }

  @Test
  @DisplayName("Accept: text/csv asks for CSV; JSON stays the default and wins when preferred; format= overrides Accept")
  void negotiation(Vertx vertx) {
    RunningShelf shelf = RunningShelf.start(vertx, dir);
    shelf.book("Dune", "Frank Herbert", 1965);

    assertThat(accept(shelf, "/books", "text/csv").getHeader("Content-Type")).startsWith("text/csv");
    assertThat(accept(shelf, "/books", "application/json, text/csv;q=0.5").getHeader("Content-Type")).isEqualTo("application/json");
    assertThat(accept(shelf, "/books", "text/html,application/xhtml+xml,*/*;q=0.8").getHeader("Content-Type")).isEqualTo("application/json");
    assertThat(accept(shelf, "/books?format=json", "text/csv").getHeader("Content-Type")).isEqualTo("application/json");
    assertThat(accept(shelf, "/books", "text/csv").getHeader("Vary")).isEqualTo("Accept");
    assertThat(shelf.get("/movies?format=csv").bodyAsString()).isEqualTo("id,title,director,year,createdAt,updatedAt,version\r\n");
  }

  @Test
  @DisplayName("bad query values are still a 400 problem, and limit or cursor with CSV is refused")
  void badRequests(Vertx vertx) {
    RunningShelf shelf = RunningShelf.start(vertx, dir);

    assertProblem(shelf.get("/books?format=xml"), 400);
    assertProblem(shelf.get("/books?format=csv&year=abc"), 400);
    assertThat(assertProblem(shelf.get("/books?format=csv&limit=10"), 400).getString("detail")).contains("limit and cursor");
    assertProblem(accept(shelf, "/books?sort=nope", "text/csv"), 400);
  }

  @Test
  @DisplayName("a client that stops reading stops the export: storage is not asked for the rest until it reads again")
  void backPressure(Vertx vertx) throws Exception {
    RunningShelf shelf = RunningShelf.start(vertx, dir);
    // About 14 MB of CSV: twice what this machine's kernel and Vert.x buffer for one loopback
    // connection (seen: up to ~6.6 MB), so only back-pressure can keep the server from reading it all.
    int rows = 30_000;
    String title = "t".repeat(190);
    String author = "a".repeat(200);
    for (int half = 0; half < 2; half++) {
      int offset = half * rows / 2;
      importBooks(shelf, rows / 2, i -> new JsonObject().put("title", title + (offset + i)).put("author", author).put("year", 2000));
    }
    int pages = rows / 500;
    double before = listCalls(shelf);

    try (Socket socket = new Socket()) {
      socket.setReceiveBufferSize(8 * 1024);
      socket.connect(new InetSocketAddress("127.0.0.1", shelf.port));
      OutputStream request = socket.getOutputStream();
      request.write("GET /books?format=csv HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      request.flush();
      InputStream in = socket.getInputStream();
      byte[] first = in.readNBytes(1024);
      double stalled = settledListCalls(shelf) - before;

      assertThat(first).isNotEmpty();
      assertThat(stalled).as("pages fetched once the stalled export settled (of %d)", pages).isLessThan(pages * 0.75);

      ByteArrayOutputStream all = new ByteArrayOutputStream();
      all.write(first);
      in.transferTo(all);
      String body = dechunk(all.toString(StandardCharsets.UTF_8));
      assertThat(body.split("\r\n")).hasSize(rows + 1);
      assertThat(listCalls(shelf) - before).isEqualTo(pages);
    }
  }

  private static HttpResponse<Buffer> accept(RunningShelf shelf, String uri, String accept) {
    return RunningShelf.await(shelf.http.get(uri).putHeader("Accept", accept).send());
  }

  private static void importBooks(RunningShelf shelf, int count, java.util.function.IntFunction<JsonObject> book) {
    JsonArray rows = new JsonArray();
    for (int i = 0; i < count; i++) {
      rows.add(book.apply(i));
    }
    HttpResponse<Buffer> response = shelf.send(HttpMethod.POST, "/books/import", rows.encode());
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(201);
  }

  private static List<JsonObject> walkJsonPages(RunningShelf shelf, String first) {
    List<JsonObject> all = new ArrayList<>();
    String uri = first;
    while (uri != null) {
      JsonObject page = shelf.get(uri).bodyAsJsonObject();
      page.getJsonArray("items").forEach(item -> all.add((JsonObject) item));
      uri = page.getString("next") == null ? null : first + "&cursor=" + page.getString("next");
    }
    return all;
  }

  /** The list-call count once it has stopped moving (the same over half a second), within 20 s. */
  private static double settledListCalls(RunningShelf shelf) {
    return Eventually.settled(() -> listCalls(shelf), Duration.ofMillis(500), Duration.ofSeconds(20));
  }

  /** How many list requests HTTP has sent to storage for books so far, from /metrics. */
  private static double listCalls(RunningShelf shelf) {
    Matcher m = Pattern.compile("^shelf_storage_request_seconds_count\\{action=\"list\",address=\"shelf.storage.books\",outcome=\"ok\",?} (\\S+)$",
        Pattern.MULTILINE).matcher(shelf.get("/metrics").bodyAsString());
    return m.find() ? Double.parseDouble(m.group(1)) : 0;
  }

  /** The body of a raw HTTP/1.1 response with chunked transfer encoding. */
  private static String dechunk(String raw) {
    String rest = raw.substring(raw.indexOf("\r\n\r\n") + 4);
    StringBuilder body = new StringBuilder();
    while (true) {
      int end = rest.indexOf("\r\n");
      int size = Integer.parseInt(rest.substring(0, end).strip(), 16);
      if (size == 0) {
        return body.toString();
      }
      body.append(rest, end + 2, end + 2 + size);
      rest = rest.substring(end + 2 + size + 2);
    }
  }

  /** Every record of an RFC 4180 text, read by the same library the import uses. */
  public static List<List<String>> records(String text) {
    try (com.fasterxml.jackson.dataformat.csv.CsvParser parser = (com.fasterxml.jackson.dataformat.csv.CsvParser)
        new com.fasterxml.jackson.dataformat.csv.CsvFactory().createParser(text)) {
      List<List<String>> records = new java.util.ArrayList<>();
      while (parser.nextToken() != null) {
        List<String> values = new java.util.ArrayList<>();
        while (parser.nextToken() != com.fasterxml.jackson.core.JsonToken.END_ARRAY) {
          values.add(parser.getText());
        }
        records.add(values);
      }
      return records;
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
  }
}
