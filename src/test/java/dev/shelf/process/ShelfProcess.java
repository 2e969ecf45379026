package dev.shelf.process;

import java.io.IOException;
import java.net.ServerSocket;
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

/**
 * The fat jar run as users run it: {@code java -jar target/shelf.jar ...}, in a folder of the test's;
 * and the other programs it carries ({@code java -cp target/shelf.jar <main class>}), run to the end.
 */
final class ShelfProcess implements AutoCloseable {

  static final Path JAR = Path.of(System.getProperty("shelf.jar", "target/shelf.jar")).toAbsolutePath();

  final Process process;
  final Path output;
  final int port;

  private ShelfProcess(Process process, Path output, int port) {
    this.process = process;
    this.output = output;
    this.port = port;
  }

  /**
   * Starts the jar in {@code workDir} with {@code args}, on a free port given as SHELF_HTTP_PORT;
   * {@code env} adds variables, and removes those it maps to null.
   */
  static ShelfProcess start(Path workDir, Map<String, String> env, String... args) throws IOException {
    return start(workDir, env, List.of(), args);
  }

  /** Like {@link #start(Path, Map, String...)}, with options for the JVM (such as {@code -Dvertx.options.…}). */
  static ShelfProcess start(Path workDir, Map<String, String> env, List<String> jvmOptions, String... args)
      throws IOException {
    return start(List.of(), workDir, freePort(), env, jvmOptions, args);
  }

  /**
   * Like {@link #start(Path, Map, String...)}, as another user ({@code runuser -u user --}, which
   * keeps the environment): for what root would not notice, such as a file it may not write.
   */
  static ShelfProcess startAs(String user, Path workDir, Map<String, String> env, String... args) throws IOException {
    return start(List.of("runuser", "-u", user, "--"), workDir, freePort(), env, List.of(), args);
  }

  /** Like {@link #start(Path, Map, List, String...)} on a given port (a node that restarts where the balancer expects it). */
  static ShelfProcess start(Path workDir, int port, Map<String, String> env, List<String> jvmOptions, String... args)
      throws IOException {
    return start(List.of(), workDir, port, env, jvmOptions, args);
  }

  private static ShelfProcess start(List<String> prefix, Path workDir, int port, Map<String, String> env,
      List<String> jvmOptions, String... args) throws IOException {
    List<String> command = new ArrayList<>(prefix);
    command.add(javaBinary());
    command.addAll(jvmOptions);
    command.addAll(List.of("-jar", JAR.toString()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true);
    Path output = Files.createTempFile(workDir, "shelf", ".log");
    builder.redirectOutput(output.toFile());
    builder.environment().put("SHELF_HTTP_PORT", String.valueOf(port));
    env.forEach((name, value) -> {
      if (value == null) {
        builder.environment().remove(name);
      } else {
        builder.environment().put(name, value);
      }
    });
    return new ShelfProcess(builder.start(), output, port);
  }

  /** Waits for the process to exit by itself; returns its exit code. */
  int exitCode() throws InterruptedException {
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("the process did not exit within 60 s");
    }
    return process.exitValue();
  }

  String output() throws IOException {
    return Files.readString(output);
  }

  /** Polls until the server answers {@code GET /} or the process dies. */
  void awaitReady() throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new AssertionError("Shelf exited with " + process.exitValue() + ":\n" + output());
      }
      try {
        get("/books");
        return;
      } catch (IOException notYet) {
        Thread.sleep(100);
      }
    }
    throw new AssertionError("Shelf did not start within 60 s:\n" + output());
  }

  HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return send(HttpRequest.newBuilder(uri(path)).GET());
  }

  HttpResponse<String> post(String path, String json) throws IOException, InterruptedException {
    return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json)));
  }

  private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
    return HttpClient.newHttpClient().send(request.timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private URI uri(String path) {
    return URI.create("http://127.0.0.1:" + port + path);
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(20, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }

  /** What a program that ran to the end left: its exit code and its two output streams. */
  record Finished(int exitCode, String stdout, String stderr) {
  }

  /**
   * Runs {@code java -cp shelf.jar <mainClass> <args>} in {@code workDir} to the end. Its output
   * goes to files, so a chatty program never blocks on a full pipe.
   */
  static Finished run(Path workDir, long timeoutSeconds, String mainClass, String... args)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(javaBinary(), "-cp", JAR.toString(), mainClass));
    command.addAll(List.of(args));
    Path stdout = Files.createTempFile(workDir, "run", ".out");
    Path stderr = Files.createTempFile(workDir, "run", ".err");
    Process process = new ProcessBuilder(command).directory(workDir.toFile())
        .redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
    if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      throw new AssertionError(mainClass + " did not finish within " + timeoutSeconds + " s:\n"
          + Files.readString(stdout) + Files.readString(stderr));
    }
    return new Finished(process.exitValue(), Files.readString(stdout), Files.readString(stderr));
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static String javaBinary() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }
}
