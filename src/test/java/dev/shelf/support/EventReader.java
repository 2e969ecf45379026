package dev.shelf.support;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A Server-Sent Events client for tests: opens {@code GET /events} over real HTTP, parses the
 * stream as a browser does (fields {@code id}, {@code event}, {@code data}, comments, blank line
 * dispatches) and queues what arrives, for the test thread to take with a timeout.
 */
public final class EventReader implements AutoCloseable {

  /** One dispatched event. */
  public record Event(String id, String type, String data) {

    public long number() {
      return Long.parseLong(id);
    }

    public JsonObject json() {
      return new JsonObject(data);
    }
  }

  private final HttpClient client;
  private HttpClientResponse response;
  private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
  private final BlockingQueue<String> comments = new LinkedBlockingQueue<>();
  private Buffer pending = Buffer.buffer();
  private String id = "";
  private String type = "";
  private final List<String> data = new ArrayList<>();

  private EventReader(HttpClient client) {
    this.client = client;
  }

  /** Opens the stream, sending {@code Last-Event-ID} unless it is null, and waits for the headers. */
  public static EventReader open(Vertx vertx, int port, String lastEventId) {
    return open(vertx, new HttpClientOptions(), port, lastEventId);
  }

  /** Opens the stream of {@code shelf} with its transport (HTTP/1.1, or HTTP/2 over TLS). */
  public static EventReader open(RunningShelf shelf, String lastEventId) {
    return open(shelf.vertx, RunningShelf.clientOptions(), shelf.port, lastEventId);
  }

  private static EventReader open(Vertx vertx, HttpClientOptions clientOptions, int port, String lastEventId) {
    HttpClient client = vertx.createHttpClient(clientOptions);
    // Asks for compression as browsers do; the stream must come back uncompressed all the same.
    RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET)
        .setHost("127.0.0.1").setPort(port).setURI("/events").putHeader("Accept-Encoding", "gzip, deflate");
    if (lastEventId != null) {
      options.putHeader("Last-Event-ID", lastEventId);
    }
    EventReader reader = new EventReader(client);
    // The handler is set on the event loop as the response arrives, so no early chunk is missed:
    // chained inside the send, never from this thread (the response could come first).
    reader.response = RunningShelf.await(client.request(options)
        .compose(request -> request.send().map(response -> response.handler(reader::parse))));
    return reader;
  }

  public HttpClientResponse response() {
    return response;
  }

  /** The next event, failing the test if none arrives within {@code timeout}. */
  public Event next(Duration timeout) {
    try {
      Event event = events.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
      if (event == null) {
        throw new AssertionError("no event within " + timeout);
      }
      return event;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  public Event next() {
    return next(Duration.ofSeconds(10));
  }

  /** The next event, or null if none arrives within {@code timeout}. */
  public Event poll(Duration timeout) throws InterruptedException {
    return events.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** The next comment line (without the colon), or null if none arrives within {@code timeout}. */
  public String comment(Duration timeout) throws InterruptedException {
    return comments.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  private synchronized void parse(Buffer chunk) {
    pending.appendBuffer(chunk);
    int start = 0;
    for (int i = 0; i < pending.length(); i++) {
      if (pending.getByte(i) == '\n') {
        String line = pending.getString(start, i, "UTF-8");
        line(line.endsWith("\r") ? line.substring(0, line.length() - 1) : line);
        start = i + 1;
      }
    }
    pending = pending.getBuffer(start, pending.length());
  }

  private void line(String line) {
    if (line.isEmpty()) {
      if (!data.isEmpty()) {
        events.add(new Event(id, type.isEmpty() ? "message" : type, String.join("\n", data)));
      }
      type = "";
      data.clear();
      return;
    }
    if (line.startsWith(":")) {
      comments.add(line.substring(1).strip());
      return;
    }
    int colon = line.indexOf(':');
    String field = colon < 0 ? line : line.substring(0, colon);
    String value = colon < 0 ? "" : line.substring(colon + 1);
    value = value.startsWith(" ") ? value.substring(1) : value;
    switch (field) {
      case "id" -> id = value;
      case "event" -> type = value;
      case "data" -> data.add(value);
      default -> {
        // retry and unknown fields do not affect which events are dispatched
      }
    }
  }

  @Override
  public void close() {
    RunningShelf.await(client.close());
  }
}
