package dev.shelf.process;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * A GET /events client as a browser's EventSource behaves: reads frames, remembers the last id, and
 * when the stream breaks reconnects (to wherever {@code next} says) with Last-Event-ID.
 */
final class SseTail {

  /** One frame received: its event type, its id (-1 when it had none) and the connection it came on (0 = the first). */
  record Frame(String type, long id, int connection) {
  }

  final List<Frame> frames = new CopyOnWriteArrayList<>();
  final List<URI> connections = new CopyOnWriteArrayList<>();
  /** How each connection ended (status, end of stream or the exception), for a failure message. */
  final List<String> endings = new CopyOnWriteArrayList<>();
  /** When each connection ended (epoch ms). */
  final List<Long> endedMs = new CopyOnWriteArrayList<>();
  // HTTP/1.1 as a browser's EventSource speaks it over http:// (no h2c upgrade attempt).
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();
  private volatile boolean stopped;
  private volatile long lastId = -1;
  private Thread thread;

  /** Connects to {@code first} (no Last-Event-ID), then to {@code next} after every break. */
  void start(URI first, Supplier<URI> next) {
    thread = new Thread(() -> {
      URI uri = first;
      while (!stopped) {
        connections.add(uri);
        read(uri);
        endedMs.add(System.currentTimeMillis());
        uri = next.get();
        pause(200);
      }
    }, "sse-tail");
    thread.setDaemon(true);
    thread.start();
  }

  /** Per connection: where it went and the frames it brought (type and id range), for a failure message. */
  String describe() {
    StringBuilder text = new StringBuilder();
    for (int c = 0; c < connections.size(); c++) {
      int connection = c;
      List<Frame> got = frames.stream().filter(f -> f.connection() == connection).toList();
      text.append("\n  ").append(connections.get(c)).append(": ").append(got.size()).append(" frames");
      text.append(", ended by ").append(c < endings.size() ? endings.get(c) : "nothing yet");
      text.append(c < endedMs.size() ? " at " + endedMs.get(c) : "");
      if (!got.isEmpty()) {
        text.append(", first ").append(got.get(0)).append(", last ").append(got.get(got.size() - 1));
      }
    }
    return text.toString();
  }

  /** Waits (at most 60 s) until an event with an id above {@code id} has arrived. */
  void awaitPast(long id) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 60_000;
    while (lastId <= id) {
      if (System.currentTimeMillis() > deadline) {
        throw new AssertionError("no event after " + id + " in 60 s:" + describe());
      }
      Thread.sleep(50);
    }
  }

  long lastId() {
    return lastId;
  }

  void stop() throws InterruptedException {
    stopped = true;
    thread.interrupt();
    thread.join(5_000);
  }

  private void read(URI uri) {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri).header("Accept", "text/event-stream");
    if (lastId >= 0) {
      request.header("Last-Event-ID", String.valueOf(lastId));
    }
    try {
      HttpResponse<Stream<String>> response = http.send(request.build(), HttpResponse.BodyHandlers.ofLines());
      if (response.statusCode() != 200) {
        endings.add("status " + response.statusCode());
        return;
      }
      String[] event = {null, null};
      try (Stream<String> lines = response.body()) {
        lines.takeWhile(line -> !stopped).forEach(line -> {
          if (line.startsWith("id: ")) {
            event[0] = line.substring(4);
          } else if (line.startsWith("event: ")) {
            event[1] = line.substring(7);
          } else if (line.isEmpty() && event[1] != null) {
            long id = event[0] == null ? -1 : Long.parseLong(event[0]);
            frames.add(new Frame(event[1], id, connections.size() - 1));
            if (id >= 0) {
              lastId = id;
            }
            event[0] = null;
            event[1] = null;
          }
        });
      }
      endings.add("end of stream");
    } catch (IOException | RuntimeException e) {
      // The stream broke: reconnect, as EventSource does.
      endings.add(e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void pause(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
