package dev.shelf.process;

import dev.shelf.support.Postgres;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Several Shelf processes (the fat jar) sharing one throwaway PostgreSQL, behind haproxy run with
 * the shipped {@code deploy/haproxy.cfg} (only its port and server lines replaced), as
 * {@code deploy/local-cluster} runs them.
 */
final class Cluster implements AutoCloseable {

  static final Path HAPROXY_CFG = Path.of("deploy/haproxy.cfg");
  /** Debian's haproxy (.ci/run installs it when missing). */
  static final Path HAPROXY = Path.of("/usr/sbin/haproxy");

  final Postgres postgres;
  final String database;
  final int balancerPort;
  private final Path dir;
  private final List<Integer> ports = new ArrayList<>();
  private final List<ShelfProcess> nodes = new ArrayList<>();
  private Process haproxy;

  private Cluster(Path dir, Postgres postgres, String database, int balancerPort) {
    this.dir = dir;
    this.postgres = postgres;
    this.database = database;
    this.balancerPort = balancerPort;
  }

  /** Starts PostgreSQL, {@code size} nodes (all ready) and haproxy (routing to all of them). */
  static Cluster start(Path dir, int size) throws Exception {
    Postgres postgres = Postgres.start(false);
    Cluster cluster = new Cluster(dir, postgres, "shelf", ShelfProcess.freePort());
    try {
      postgres.psql("postgres", "CREATE DATABASE shelf");
      for (int i = 0; i < size; i++) {
        cluster.ports.add(ShelfProcess.freePort());
        cluster.nodes.add(null);
      }
      for (int i = 0; i < size; i++) {
        cluster.startNode(i);
      }
      for (int i = 0; i < size; i++) {
        cluster.nodes.get(i).awaitReady();
      }
      cluster.startHaproxy();
      cluster.awaitServing(cluster.balancer("/health/ready"), size);
      return cluster;
    } catch (Exception | Error e) {
      cluster.close();
      throw e;
    }
  }

  /** Starts (or restarts) node {@code i} on its port. */
  void startNode(int i) throws IOException {
    Path nodeDir = Files.createDirectories(dir.resolve("node" + (i + 1)));
    nodes.set(i, ShelfProcess.start(nodeDir, ports.get(i), Map.of(
        "SHELF_DB_KIND", "postgres",
        "SHELF_DB_URL", postgres.url(database),
        "SHELF_DB_POOL_SIZE", "4",
        "SHELF_HTTP_INSTANCES", "1",
        "SHELF_EVENTS_POLL_MS", "200"), List.of("-Xmx256m", "-XX:TieredStopAtLevel=1")));
  }

  /** kill -9: the node gets no chance to finish anything. */
  void kill(int i) throws InterruptedException {
    nodes.get(i).process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
  }

  ShelfProcess node(int i) {
    return nodes.get(i);
  }

  URI nodeUri(int i, String path) {
    return URI.create("http://127.0.0.1:" + ports.get(i) + path);
  }

  URI balancer(String path) {
    return URI.create("http://127.0.0.1:" + balancerPort + path);
  }

  /** One value (or one JSON document) read straight from PostgreSQL. */
  String sql(String query) {
    return postgres.psql(database, query);
  }

  private void startHaproxy() throws IOException {
    String servers = "";
    for (int i = 0; i < ports.size(); i++) {
      servers += "    server node" + (i + 1) + " 127.0.0.1:" + ports.get(i) + "\n";
    }
    StringBuilder config = new StringBuilder();
    boolean placed = false;
    for (String line : Files.readAllLines(HAPROXY_CFG)) {
      if (line.strip().startsWith("bind ")) {
        config.append("    bind 127.0.0.1:").append(balancerPort).append('\n');
      } else if (line.strip().equals("global")) {
        // The test's copy logs every request (with its termination state) to haproxy.log.
        config.append(line).append("\n    log stdout format raw local0\n");
      } else if (line.strip().equals("mode http")) {
        config.append(line).append("\n    log global\n    option httplog\n");
      } else if (line.strip().startsWith("server node")) {
        if (!placed) {
          config.append(servers);
          placed = true;
        }
      } else {
        config.append(line).append('\n');
      }
    }
    Path cfg = Files.writeString(dir.resolve("haproxy.cfg"), config.toString());
    haproxy = new ProcessBuilder(HAPROXY.toString(), "-f", cfg.toString()).redirectErrorStream(true)
        .redirectOutput(dir.resolve("haproxy.log").toFile()).start();
  }

  /** Waits until {@code uri} has answered 200 {@code times} times in a row (every node, round robin). */
  private void awaitServing(URI uri, int times) throws Exception {
    HttpClient client = HttpClient.newHttpClient();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    int inARow = 0;
    while (inARow < times) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("haproxy did not serve " + uri + " in 30 s:\n" + Files.readString(dir.resolve("haproxy.log")));
      }
      if (!haproxy.isAlive()) {
        throw new AssertionError("haproxy exited with " + haproxy.exitValue() + ":\n" + Files.readString(dir.resolve("haproxy.log")));
      }
      try {
        HttpResponse<Void> response = client.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(2)).build(),
            HttpResponse.BodyHandlers.discarding());
        inARow = response.statusCode() == 200 ? inARow + 1 : 0;
      } catch (IOException notYet) {
        inARow = 0;
      }
      if (inARow < times) {
        Thread.sleep(100);
      }
    }
  }

  /** Waits (at most 60 s) until haproxy says node {@code i} (0-based) is UP again. */
  void awaitBalancerUp(int i) throws Exception {
    String up = "shelf_nodes/node" + (i + 1) + " is UP";
    long deadline = System.currentTimeMillis() + 60_000;
    while (!haproxyLog().contains(up)) {
      if (System.currentTimeMillis() > deadline) {
        throw new AssertionError("haproxy did not take node " + (i + 1) + " back in 60 s:\n" + haproxyLog());
      }
      Thread.sleep(100);
    }
  }

  /** haproxy's output: its warnings (servers down and up) and one line per request. */
  String haproxyLog() throws IOException {
    return Files.readString(dir.resolve("haproxy.log"));
  }

  /** Every node's output, for a failure message. */
  String logs() {
    return nodes.stream().map(node -> {
      try {
        return node == null ? "" : node.output();
      } catch (IOException e) {
        return e.toString();
      }
    }).collect(Collectors.joining("\n----\n"));
  }

  @Override
  public void close() throws Exception {
    if (haproxy != null) {
      haproxy.destroy();
      haproxy.waitFor(10, TimeUnit.SECONDS);
    }
    for (ShelfProcess node : nodes) {
      if (node != null) {
        node.close();
      }
    }
    postgres.close();
  }
}
