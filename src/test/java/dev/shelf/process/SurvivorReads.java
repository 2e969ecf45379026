package dev.shelf.process;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

/** Reads and readiness checks straight to the nodes that stay up, all through the test. */
final class SurvivorReads {
  final List<String> failures = new CopyOnWriteArrayList<>();
  volatile int answered;
  private final AtomicBoolean stop = new AtomicBoolean();
  private final Thread thread;

  SurvivorReads(Cluster cluster) {
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    thread = new Thread(() -> {
      while (!stop.get()) {
        for (int node : new int[] {0, 2}) {
          for (String path : new String[] {"/books?limit=5", "/health/ready"}) {
            try {
              int status = client.send(HttpRequest.newBuilder(cluster.nodeUri(node, path))
                  .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
              if (status != 200) {
                failures.add("node " + (node + 1) + " " + path + " -> " + status);
              }
              answered++;
            } catch (Exception e) {
              failures.add("node " + (node + 1) + " " + path + " -> " + e);
            }
          }
        }
        try {
          Thread.sleep(200);
        } catch (InterruptedException e) {
          return;
        }
      }
    }, "survivor-reads");
    thread.start();
  }

  void stop() throws InterruptedException {
    stop.set(true);
    thread.join(10_000);
  }
}
