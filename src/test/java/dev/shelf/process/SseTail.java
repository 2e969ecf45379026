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

  /** One frame received: its event type and id (-1 when it had none). */
  record Frame(String type, long id) {
  }

  final List<Frame> frames = new CopyOnWriteArrayList<>();
  final List<URI> connections = new CopyOnWriteArrayList<>();
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
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
        uri = next.get();
        pause(200);
      }
    }, "sse-tail");
    thread.setDaemon(true);
    thread.start();
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
            frames.add(new Frame(event[1], id));
            if (id >= 0) {
              lastId = id;
            }
            event[0] = null;
            event[1] = null;
          }
        });
      }
    } catch (IOException | RuntimeException e) {
      // The stream broke: reconnect, as EventSource does.
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
