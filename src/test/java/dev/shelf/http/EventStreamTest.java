package dev.shelf.http;

import static io.vertx.core.http.HttpMethod.PATCH;
import static io.vertx.core.http.HttpMethod.POST;
import static io.vertx.core.http.HttpMethod.PUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import dev.shelf.http.events.EventStream;
import dev.shelf.storage.ChangeEvents;
import dev.shelf.storage.OldSchema;
import dev.shelf.support.EventReader.Event;
import dev.shelf.support.EventReader;
import dev.shelf.support.LogCapture;
import dev.shelf.support.RunningShelf;
import dev.shelf.support.SqliteFile;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.Http2Settings;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.StreamResetException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(VertxExtension.class)
@DisplayName("GET /events: committed changes as Server-Sent Events")
class EventStreamTest {

  @TempDir
  java.nio.file.Path dir;
  RunningShelf shelf;
  final List<EventReader> readers = new ArrayList<>();

  @AfterEach
  void closeReaders() {
    readers.forEach(EventReader::close);
  }

  private EventReader open(String lastEventId) {
    EventReader reader = EventReader.open(shelf, lastEventId);
    readers.add(reader);
    return reader;
  }

  @Test
  @DisplayName("a new client gets ready with the current id, then every change in commit order")
  void changesInOrder(Vertx vertx) {
    shelf = RunningShelf.start(vertx, dir);
    EventReader events = open(null);

    assertThat(events.response().statusCode()).isEqualTo(200);
    assertThat(events.response().getHeader("Content-Type")).startsWith("text/event-stream");
    assertThat(events.response().getHeader("Cache-Control")).isEqualTo("no-cache");
    assertThat(events.response().getHeader("Content-Encoding")).as("never compressed").isNull();
    Event ready = events.next();
    assertThat(ready.type()).isEqualTo("ready");
    assertThat(ready.id()).isEqualTo("0");

    JsonObject book = shelf.book("Dune", "Frank Herbert", 1965);
    JsonObject patched = shelf.send(PATCH, "/books/" + book.getLong("id"), "{\"year\":1966}").bodyAsJsonObject();
    shelf.delete("/books/" + book.getLong("id"));
    JsonObject movie = shelf.create("movies", new JsonObject().put("title", "Alien").put("director", "Ridley Scott"));

    assertThat(events.next()).isEqualTo(new Event("1", "book.created", book.encode()));
    assertThat(events.next()).isEqualTo(new Event("2", "book.updated", patched.encode()));
    assertThat(events.next()).isEqualTo(new Event("3", "book.deleted", "{\"id\":" + book.getLong("id") + "}"));
    assertThat(events.next()).isEqualTo(new Event("4", "movie.created", movie.encode()));
    assertThat(shelf.send(POST, "/events", "{}").getHeader("Allow")).as("only GET (and HEAD)").isEqualTo("GET, HEAD");
  }

  @Test
  @DisplayName("an event is sent only after its commit: the record it names can be read when it arrives")
  void eventsFollowCommits(Vertx vertx) throws InterruptedException {
    shelf = RunningShelf.start(vertx, dir);
    EventReader events = open(null);
    events.next();

    List<Future<HttpResponse<Buffer>>> creates = IntStream.range(0, 20)
        .mapToObj(i -> shelf.http.post("/books").sendJsonObject(
            new JsonObject().put("title", "Book " + i).put("author", "A")))
        .toList();
    for (int i = 1; i <= creates.size(); i++) {
      Event event = events.next();
      assertThat(event.number()).isEqualTo(i);
      HttpResponse<Buffer> read = shelf.get("/books/" + event.json().getLong("id"));
      assertThat(read.statusCode()).isEqualTo(200);
      assertThat(read.bodyAsJsonObject()).isEqualTo(event.json());
    }
    creates.forEach(RunningShelf::await);

    shelf.send(POST, "/books", new JsonObject().put("title", ""));
    shelf.send(PUT, "/books/9999", new JsonObject().put("title", "t").put("author", "a"));
    shelf.delete("/books/9999");
    shelf.send(PATCH, "/books/1", "{}");
    assertThat(events.poll(Duration.ofMillis(300))).as("refused or empty changes send nothing").isNull();
    shelf.book("After", "A", null);
    assertThat(events.next().number()).as("and leave no gap").isEqualTo(21);
  }

  // Changed by design (issue 12.9): a bulk delete used to send one deleted event per record, which
  // became 100k frames pushed to every client on the event loop. Now it is one summary event.
  @Test
  @DisplayName("a bulk delete sends ONE bulkDeleted event with the count and the title; the next change follows on by one")
  void bulkDeleteSendsOneSummaryEvent(Vertx vertx) {
    shelf = RunningShelf.start(vertx, dir);
    IntStream.range(0, 5).forEach(i -> shelf.book("Twin", "A" + i, null));
    shelf.book("Other", "B", null);
    EventReader events = open(null);
    assertThat(events.next().id()).isEqualTo("6");

    assertThat(shelf.delete("/books?title=Twin").bodyAsJsonObject().getInteger("deleted")).isEqualTo(5);
    shelf.delete("/books?title=Nothing%20has%20this");
    shelf.book("After", "C", null);

    assertThat(events.next()).isEqualTo(new Event("7", "book.bulkDeleted", "{\"count\":5,\"title\":\"Twin\"}"));
    Event after = events.next();
    assertThat(after.type()).as("a delete that matched nothing sends nothing").isEqualTo("book.created");
    assertThat(after.number()).isEqualTo(8);
  }

  @Test
  @DisplayName("an import of 3,000 rows sends ONE imported event with the count and the new ids' range, not 3,000 events")
  void importSendsOneSummaryEvent(Vertx vertx) {
    shelf = RunningShelf.start(vertx, dir);
    shelf.book("First", "A", null);
    EventReader events = open(null);
    assertThat(events.next().id()).isEqualTo("1");
    String csv = "title,author\r\n" + "Imported,Someone\r\n".repeat(3_000);

    assertThat(shelf.send(POST, "/books/import", csv, "text/csv").statusCode()).isEqualTo(201);
    shelf.book("After", "C", null);

    assertThat(events.next()).isEqualTo(new Event("2", "book.imported", "{\"count\":3000,\"firstId\":2,\"lastId\":3001}"));
    Event after = events.next();
    assertThat(after.type()).isEqualTo("book.created");
    assertThat(after.number()).as("one id for the whole import").isEqualTo(3);
    assertThat(after.json().getLong("id")).isEqualTo(3002);
  }

  @Test
  @DisplayName("Last-Event-ID resumes with exactly the events missed, then goes on live")
  void resumes(Vertx vertx) {
    shelf = RunningShelf.start(vertx, dir);
    IntStream.range(0, 5).forEach(i -> shelf.book("B" + i, "A", null));

    EventReader events = open("2");

    assertThat(List.of(events.next(), events.next(), events.next()))
        .extracting(Event::id).containsExactly("3", "4", "5");
    shelf.book("Live", "A", null);
    Event live = events.next();
    assertThat(live.id()).isEqualTo("6");
    assertThat(live.json().getString("title")).isEqualTo("Live");
  }

  @Test
  @DisplayName("a Last-Event-ID this node has not seen yet (another node published it first) is waited for, not reset")
  void waitsForAnIdJustAhead(Vertx vertx) {
    shelf = RunningShelf.start(vertx, dir);
    IntStream.range(0, 2).forEach(i -> shelf.book("B" + i, "A", null));

    // The third book is written while the client waits for its headers.
    vertx.setTimer(200, timer -> shelf.http.post("/books")
        .sendJsonObject(new JsonObject().put("title", "Third").put("author", "A")));
    EventReader ahead = open("3");
    shelf.book("Fourth", "A", null);

    Event first = ahead.next();
    assertThat(first.type()).isEqualTo("book.created");
    assertThat(first.id()).as("resumed after 3, without a reset").isEqualTo("4");
  }

  @Test
  @DisplayName("an id older than the buffer, newer than any, or not a number gets reset with the current id")
  void resetsWhatItCannotResume(Vertx vertx) {
    shelf = RunningShelf.start(vertx, dir, new JsonObject().put("events", new JsonObject().put("bufferSize", 3)));
    IntStream.range(0, 6).forEach(i -> shelf.book("B" + i, "A", null));

    // Older than the buffer: PostgreSQL gives them from its events table (resumesOlderIdsFromTheStore).
    List<String> older = RunningShelf.onPostgres() ? List.of() : List.of("0", "2");
    for (String id : Stream.concat(older.stream(), Stream.of("7", "999999", "abc", "")).toList()) {
      Event reset = open(id).next();
      assertThat(reset.type()).as("Last-Event-ID '%s'", id).isEqualTo("reset");
      assertThat(reset.id()).isEqualTo("6");
      assertThat(reset.json().getLong("id")).isEqualTo(6);
    }
    EventReader oldest = open("3");
    assertThat(List.of(oldest.next(), oldest.next(), oldest.next())).extracting(Event::id).containsExactly("4", "5", "6");
    EventReader afterReset = readers.get(0);
    shelf.book("Live", "A", null);
    assertThat(afterReset.next().id()).as("a reset stream goes on live").isEqualTo("7");
    assertThat(oldest.next().id()).isEqualTo("7");
  }

  @Test
  @DisplayName("an id older than the buffer resumes from the store's events table where it keeps one (PostgreSQL),"
      + " a page at a time, then live; SQLite keeps none and resets")
  void resumesOlderIdsFromTheStore(Vertx vertx) {
    shelf = RunningShelf.start(vertx, dir, new JsonObject().put("events", new JsonObject().put("bufferSize", 3)));
    shelf.book("First", "A", null);
    for (int batch = 0; batch < 12; batch++) {
      JsonArray creates = new JsonArray();
      for (int i = 0; i < 100; i++) {
        creates.add(new JsonObject().put("method", "POST").put("path", "/books")
            .put("body", new JsonObject().put("title", "B" + batch + "-" + i).put("author", "A")));
      }
      assertThat(shelf.send(HttpMethod.POST, "/batch", new JsonObject().put("operations", creates)).statusCode())
          .isEqualTo(200);
    }

    EventReader resumed = open("1");
    if (RunningShelf.onPostgres()) {
      for (long id = 2; id <= 1201; id++) {
        Event event = resumed.next();
        assertThat(event.type()).isEqualTo("book.created");
        assertThat(event.number()).isEqualTo(id);
      }
    } else {
      assertThat(resumed.next()).extracting(Event::type, Event::id).containsExactly("reset", "1201");
    }
    shelf.book("Live", "A", null);
    assertThat(resumed.next()).extracting(Event::type, Event::id).containsExactly("book.created", "1202");
  }

  @Test
  @DisplayName("ids carry on after a restart; the last id from before is resumable, an older one is reset")
  void idsSurviveRestart(Vertx vertx) {
    shelf = RunningShelf.start(vertx, dir);
    shelf.book("One", "A", null);
    shelf.book("Two", "A", null);
    shelf.stop();
    shelf = RunningShelf.start(vertx, dir);

    EventReader fresh = open(null);
    EventReader upToDate = open("2");
    EventReader behind = open("1");
    assertThat(fresh.next()).extracting(Event::type, Event::id).containsExactly("ready", "2");
    assertThat(behind.next()).extracting(Event::type, Event::id).containsExactly(
        RunningShelf.onPostgres() ? "book.created" : "reset", "2");
    shelf.book("Three", "A", null);

    for (EventReader reader : List.of(fresh, upToDate, behind)) {
      assertThat(reader.next()).extracting(Event::type, Event::id).containsExactly("book.created", "3");
    }
  }

  @Test
  @DisplayName("a database from before events (schema version 1) is upgraded in place and numbers from 1")
  void upgradesAVersionOneDatabase(Vertx vertx) throws Exception {
    assumeFalse(RunningShelf.onPostgres(), "a SQLite file's schema versions; PostgreSQL has its own (PgStartupTest)");
    Path file = dir.resolve("shelf.db");
    OldSchema.create(vertx, file, 1);
    SqliteFile.of(file).execute("INSERT INTO books (title, author, year, created_at, updated_at, version)"
        + " VALUES ('Kept', 'A', 1999, '2026-01-02T03:04:05.678Z', '2026-01-02T03:04:05.678Z', 1)");
    shelf = RunningShelf.start(vertx, dir);
    JsonObject kept = new JsonObject().put("id", 1).put("title", "Kept").put("author", "A").put("year", 1999)
        .put("createdAt", "2026-01-02T03:04:05.678Z").put("updatedAt", "2026-01-02T03:04:05.678Z").put("version", 1);

    EventReader events = open(null);
    assertThat(events.next()).extracting(Event::type, Event::id).containsExactly("ready", "0");
    assertThat(shelf.get("/books/" + kept.getLong("id")).bodyAsJsonObject()).isEqualTo(kept);
    shelf.book("New", "A", null);
    assertThat(events.next().id()).isEqualTo("1");
  }

  @Test
  @DisplayName("events another writer publishes out of order reach clients in id order; a gap is waited for, briefly")
  void reordersLateEvents(Vertx vertx) throws InterruptedException {
    shelf = RunningShelf.start(vertx, dir);
    EventReader events = open(null);
    events.next();

    // As two storage verticles on one file could: the commit numbered 2 is published before 1.
    vertx.eventBus().publish(ChangeEvents.ADDRESS, event(2));
    vertx.eventBus().publish(ChangeEvents.ADDRESS, event(1));
    assertThat(List.of(events.next(), events.next())).extracting(Event::id).containsExactly("1", "2");

    vertx.eventBus().publish(ChangeEvents.ADDRESS, event(4));
    assertThat(events.poll(Duration.ofMillis(300))).as("4 waits for 3").isNull();
    assertThat(events.next(Duration.ofSeconds(5)).id()).as("until it gives up on 3").isEqualTo("4");
  }

  private static JsonObject event(long id) {
    return new JsonObject().put("type", "book.created").put("id", id)
        .put("data", new JsonObject().put("id", id).put("title", "T" + id));
  }

  @Test
  @DisplayName("every HTTP instance forwards every event to its clients")
  void everyInstanceForwards(Vertx vertx) {
    shelf = RunningShelf.start(vertx, dir, new JsonObject().put("http", new JsonObject().put("instances", 3)));
    List<EventReader> clients = IntStream.range(0, 6).mapToObj(i -> open(null)).toList();
    clients.forEach(EventReader::next);

    shelf.book("Everywhere", "A", null);

    clients.forEach(client -> assertThat(client.next().type()).isEqualTo("book.created"));
  }

  @Test
  @DisplayName("a heartbeat comment arrives every events.heartbeatMs")
  void heartbeats(Vertx vertx) throws InterruptedException {
    shelf = RunningShelf.start(vertx, dir, new JsonObject().put("events", new JsonObject().put("heartbeatMs", 100)));
    EventReader events = open(null);

    for (int i = 0; i < 3; i++) {
      assertThat(events.comment(Duration.ofSeconds(5))).isEqualTo("heartbeat");
    }
  }

  @Test
  @DisplayName("an idle stream outlives http.idleTimeoutSec: heartbeats come at least twice as often")
  void idleStreamStaysOpen(Vertx vertx) throws InterruptedException {
    shelf = RunningShelf.start(vertx, dir, new JsonObject().put("http", new JsonObject().put("idleTimeoutSec", 1)));
    EventReader events = open(null);
    events.next();

    for (int i = 0; i < 5; i++) {
      assertThat(events.comment(Duration.ofSeconds(2))).isEqualTo("heartbeat");
    }
    shelf.book("Still here", "A", null);
    assertThat(events.next().type()).isEqualTo("book.created");
  }

  @Test
  @DisplayName("a client that stops reading is dropped once its send queue stays full for a heartbeat; readers go on")
  void dropsAStalledClient(Vertx vertx) throws Exception {
    shelf = RunningShelf.start(vertx, dir, events(100_000, 300));
    EventReader reader = open(null);
    reader.next();

    long newest = assertIdleClientDropped("its send queue stayed full");

    Event event;
    do {
      event = reader.next();
    } while (event.number() < newest);
    assertThat(event.number()).as("a client that reads gets every event").isEqualTo(newest);
  }

  @Test
  @DisplayName("a client that stops reading is dropped once the events it was not sent leave the buffer")
  void dropsAClientThatFellBehindTheBuffer(Vertx vertx) throws Exception {
    shelf = RunningShelf.start(vertx, dir, events(50, 20_000));

    assertIdleClientDropped("fell out of the buffer");
  }

  private static JsonObject events(int bufferSize, int heartbeatMs) {
    return new JsonObject().put("events", new JsonObject().put("bufferSize", bufferSize).put("heartbeatMs", heartbeatMs));
  }

  /**
   * Opens a raw connection that sends the request and never reads, then changes a record, with
   * the largest events a record allows, until the server says it dropped that client (how many
   * bytes the kernel buffers first is up to the kernel). Reading the connection afterwards must
   * reach the end of a stream that was cut short. Answers the newest event id.
   */
  private long assertIdleClientDropped(String reason) throws Exception {
    if (RunningShelf.H2) {
      return assertIdleStreamDropped(reason);
    }
    long id = shelf.book("Slow", "Reader", null).getLong("id");
    try (Socket idle = new Socket(); LogCapture log = new LogCapture(EventStream.class)) {
      idle.setReceiveBufferSize(1024);
      idle.connect(new InetSocketAddress("127.0.0.1", shelf.port));
      idle.getOutputStream().write("GET /events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));

      long newest = changeUntilDropped(log, "127.0.0.1:" + idle.getLocalPort(), reason, id);

      String received = readToEnd(idle, Duration.ofSeconds(20));
      assertThat(lastId(received)).as("the idle client was cut off before the newest event").isLessThan(newest);
      return newest;
    }
  }

  /**
   * The HTTP/2 form: a stream whose reader pauses gives no more flow-control credit (a 1 KB window),
   * so the server's queue for it fills; it is then reset (RST_STREAM), not the whole connection.
   */
  private long assertIdleStreamDropped(String reason) throws Exception {
    long id = shelf.book("Slow", "Reader", null).getLong("id");
    HttpClient client = shelf.vertx.createHttpClient(RunningShelf.clientOptions()
        .setInitialSettings(new Http2Settings().setInitialWindowSize(1024)));
    try (LogCapture log = new LogCapture(EventStream.class)) {
      HttpClientRequest request = RunningShelf.await(client.request(HttpMethod.GET, shelf.port, "127.0.0.1", "/events"));
      Promise<Void> ended = Promise.promise();
      HttpClientResponse response = RunningShelf.await(request.send().map(r -> r.pause()
          .handler(chunk -> { }).endHandler(done -> ended.tryComplete()).exceptionHandler(ended::tryFail)));

      long newest = changeUntilDropped(log, "127.0.0.1:" + request.connection().localAddress().port(), reason, id);

      response.resume();
      Throwable end = RunningShelf.await(ended.future().map(normally -> (Throwable) null).otherwise(e -> e));
      // A reset stream discards what was queued for it, on both sides: nothing more to read.
      assertThat(end).as("the stalled stream was reset").isInstanceOf(StreamResetException.class);
      return newest;
    } finally {
      RunningShelf.await(client.close());
    }
  }

  /** Changes a record, with the largest events a record allows, until the log says {@code peer} was dropped. */
  private long changeUntilDropped(LogCapture log, String peer, String reason, long id) {
    String longText = "\uD83D\uDCDA".repeat(197);
    long newest = 1;
    while (log.messages().stream().noneMatch(m -> m.contains(peer) && m.contains(reason))) {
      assertThat(newest).as("events sent before the idle client was dropped").isLessThan(20_000);
      IntStream.range(0, 100).mapToObj(i -> shelf.http.patch("/books/" + id).sendJsonObject(
              new JsonObject().put("title", longText + i).put("author", longText)))
          .toList().forEach(RunningShelf::await);
      newest += 100;
    }
    return newest;
  }

  private static long lastId(String stream) {
    return Long.parseLong(stream.substring(stream.lastIndexOf("\nid: ") + 5).split("\n", 2)[0]);
  }

  /** Reads until the server closes the connection; fails if it is still open after {@code limit}. */
  private static String readToEnd(Socket socket, Duration limit) throws IOException {
    socket.setSoTimeout((int) limit.toMillis());
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    byte[] chunk = new byte[65536];
    long deadline = System.nanoTime() + limit.toNanos();
    try {
      int n;
      while ((n = socket.getInputStream().read(chunk)) >= 0) {
        bytes.write(chunk, 0, n);
        if (System.nanoTime() > deadline) {
          throw new AssertionError("the idle client was not dropped: still connected after " + limit);
        }
      }
    } catch (SocketTimeoutException e) {
      throw new AssertionError("the idle client was not dropped: no end of stream within " + limit, e);
    } catch (SocketException reset) {
      // a reset connection was dropped too
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }
}
