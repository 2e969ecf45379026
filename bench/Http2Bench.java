import java.io.ByteArrayInputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The HTTPS case of {@code bench/run}: the fat jar (-Xmx256m) serving HTTPS with a self-signed
 * certificate made by openssl, 1,000 books, and the first page driven by h2load (Debian's
 * nghttp2-client) twice with 64 requests in flight: HTTP/2 (8 connections × 8 streams) and
 * HTTP/1.1 over TLS (64 connections), so the two protocols are compared under the same TLS.
 * Writes {@code bench/results/http2.json}.
 */
public class Http2Bench {

  static final Pattern FINISHED = Pattern.compile("finished in ([0-9.]+)(m?s), ([0-9.]+) req/s");
  static final Pattern REQUESTS = Pattern.compile("requests: (\\d+) total, (\\d+) started, (\\d+) done, (\\d+) succeeded, (\\d+) failed, (\\d+) errored, (\\d+) timeout");
  static final Pattern TIME = Pattern.compile("time for request:\\s+([0-9.]+)(us|ms|s)\\s+([0-9.]+)(us|ms|s)\\s+([0-9.]+)(us|ms|s)");

  record Result(String name, double reqPerSec, double meanMs, double maxMs, long failed) {
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> env = System.getenv();
    Path jar = Path.of(env.getOrDefault("SHELF_JAR", "target/shelf.jar"));
    int seconds = Integer.parseInt(env.getOrDefault("BENCH_SECONDS", "10"));
    int warmup = Integer.parseInt(env.getOrDefault("BENCH_WARMUP", "6"));
    Path tmp = Files.createTempDirectory("shelf-bench-h2");
    run(List.of("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=localhost",
        "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", tmp.resolve("key.pem").toString(),
        "-out", tmp.resolve("cert.pem").toString()), 60);
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx256m", "-jar", jar.toString()).redirectErrorStream(true).redirectOutput(tmp.resolve("shelf.log").toFile());
    builder.environment().putAll(Map.of("SHELF_HTTP_PORT", String.valueOf(port),
        "SHELF_DB_PATH", tmp.resolve("shelf.db").toString(),
        "SHELF_HTTP_TLS_CERT_PATH", tmp.resolve("cert.pem").toString(),
        "SHELF_HTTP_TLS_KEY_PATH", tmp.resolve("key.pem").toString()));
    Process shelf = builder.start();
    try {
      String base = "https://127.0.0.1:" + port;
      HttpClient client = HttpClient.newBuilder().sslContext(trusting(tmp.resolve("cert.pem"))).build();
      awaitReady(client, base + "/health/ready");
      seed(client, base, 1_000);
      String url = base + "/books?limit=20";
      h2load(List.of("-c", "8", "-m", "8"), url, Math.max(8, warmup), 0);
      List<Result> results = List.of(
          measure("GET /books?limit=20, HTTP/2 + TLS", List.of("-c", "8", "-m", "8"), url, seconds, warmup),
          measure("GET /books?limit=20, HTTP/1.1 + TLS", List.of("--h1", "-c", "64"), url, seconds, warmup));
      report(results, seconds);
    } finally {
      shelf.destroy();
      if (!shelf.waitFor(20, TimeUnit.SECONDS)) {
        shelf.destroyForcibly();
      }
    }
  }

  static Result measure(String name, List<String> how, String url, int seconds, int warmup) throws Exception {
    String out = h2load(how, url, seconds, warmup);
    Matcher finished = FINISHED.matcher(out);
    Matcher requests = REQUESTS.matcher(out);
    Matcher time = TIME.matcher(out);
    if (!finished.find() || !requests.find() || !time.find()) {
      throw new IllegalStateException("no result from h2load: " + out);
    }
    double durationS = Double.parseDouble(finished.group(1)) / (finished.group(2).equals("ms") ? 1000 : 1);
    long failed = Long.parseLong(requests.group(5)) + Long.parseLong(requests.group(6)) + Long.parseLong(requests.group(7));
    Result r = new Result(name, Long.parseLong(requests.group(4)) / durationS, ms(time.group(5), time.group(6)),
        ms(time.group(3), time.group(4)), failed);
    System.out.printf(Locale.ROOT, "  %-40s %10.0f req/s  mean %6.2f ms  max %7.2f ms  failed %d%n",
        r.name(), r.reqPerSec(), r.meanMs(), r.maxMs(), r.failed());
    return r;
  }

  static String h2load(List<String> how, String url, int seconds, int warmup) throws Exception {
    List<String> command = new ArrayList<>(List.of("h2load", "-t", "2", "-D", String.valueOf(seconds)));
    if (warmup > 0) {
      command.add("--warm-up-time=" + warmup);
    }
    command.addAll(how);
    command.add(url);
    return run(command, seconds + warmup + 60);
  }

  static double ms(String value, String unit) {
    double v = Double.parseDouble(value);
    return switch (unit) {
      case "us" -> v / 1000;
      case "s" -> v * 1000;
      default -> v;
    };
  }

  static void report(List<Result> results, int seconds) throws Exception {
    StringBuilder json = new StringBuilder("{\n  \"tool\": \"h2load\",\n  \"seconds_per_case\": ").append(seconds)
        .append(",\n  \"in_flight\": 64,\n  \"cases\": [\n");
    for (int i = 0; i < results.size(); i++) {
      Result r = results.get(i);
      json.append(String.format(Locale.ROOT,
          "    {\"case\": \"%s\", \"rows\": 1000, \"req_per_s\": %.0f, \"mean_ms\": %.3f, \"max_ms\": %.3f, \"failed\": %d}%s%n",
          r.name(), r.reqPerSec(), r.meanMs(), r.maxMs(), r.failed(), i + 1 < results.size() ? "," : ""));
    }
    json.append("  ]\n}\n");
    Files.createDirectories(Path.of("bench/results"));
    Files.writeString(Path.of("bench/results/http2.json"), json);
    System.out.println("written to bench/results/http2.json");
  }

  /** 1,000 books through the API, 50 at a time. */
  static void seed(HttpClient client, String base, int rows) {
    for (int start = 0; start < rows; start += 50) {
      List<CompletableFuture<HttpResponse<Void>>> batch = new ArrayList<>();
      for (int i = start; i < Math.min(rows, start + 50); i++) {
        batch.add(client.sendAsync(HttpRequest.newBuilder(URI.create(base + "/books"))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString("{\"title\":\"Title " + i + "\",\"author\":\"Author " + (i % 97)
                + "\",\"year\":" + (1900 + i % 125) + "}")).build(), HttpResponse.BodyHandlers.discarding()));
      }
      batch.forEach(f -> {
        if (f.join().statusCode() != 201) {
          throw new IllegalStateException("seeding failed: " + f.join().statusCode());
        }
      });
    }
  }

  static void awaitReady(HttpClient client, String url) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    while (true) {
      try {
        if (client.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.discarding())
            .statusCode() == 200) {
          return;
        }
      } catch (java.io.IOException notYet) {
        // not listening yet
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("Shelf did not become ready at " + url);
      }
      Thread.sleep(200);
    }
  }

  static SSLContext trusting(Path certPem) throws Exception {
    KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
    trust.load(null, null);
    trust.setCertificateEntry("shelf", CertificateFactory.getInstance("X.509")
        .generateCertificate(new ByteArrayInputStream(Files.readAllBytes(certPem))));
    TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    factory.init(trust);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, factory.getTrustManagers(), null);
    return context;
  }

  static String run(List<String> command, int timeoutSec) throws Exception {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    if (!p.waitFor(timeoutSec, TimeUnit.SECONDS) || p.exitValue() != 0) {
      p.destroyForcibly();
      throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
    }
    return out;
  }
}
