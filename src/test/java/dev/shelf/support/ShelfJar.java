package dev.shelf.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The fat jar that {@code mvn package} built (system property {@code shelf.jar}, set by failsafe),
 * run as real processes: the service, and the programs packed beside it. Output goes to files in
 * a temp folder, so a chatty process never blocks on a full pipe.
 */
public final class ShelfJar {

  private static final Pattern SERVING = Pattern.compile("Shelf is serving http://127\\.0\\.0\\.1:(\\d+)/");

  private final Path jar;
  private final Path dir;
  private int runs;

  public ShelfJar(Path dir) {
    String path = System.getProperty("shelf.jar");
    if (path == null || !Files.isRegularFile(Path.of(path))) {
      throw new IllegalStateException("system property shelf.jar must name the built jar (run with mvn verify), got "
          + path);
    }
    this.jar = Path.of(path);
    this.dir = dir;
  }

  /** What a finished process left: its exit code and its two output streams. */
  public record Result(int exitCode, String stdout, String stderr) {
  }

  /** A running service; {@link #stop()} ends it. */
  public final class Server {

    private final Process process;
    private final Path log;
    public final int port;

    private Server(Process process, Path log, int port) {
      this.process = process;
      this.log = log;
      this.port = port;
    }

    public String baseUrl() {
      return "http://127.0.0.1:" + port;
    }

    /** Everything the service has logged so far. */
    public String log() {
      return read(log);
    }

    public void stop() throws InterruptedException {
      process.destroy();
      if (!process.waitFor(15, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
      }
    }
  }

  /**
   * Starts {@code java [jvmOptions] -jar shelf.jar -conf <configJson>} and waits until it logs the
   * port it serves on (the config should ask for port 0).
   */
  public Server start(String configJson, String... jvmOptions) throws IOException, InterruptedException {
    List<String> command = java(jvmOptions);
    command.addAll(List.of("-jar", jar.toString(), "-conf", configJson));
    Path log = dir.resolve("server-" + (++runs) + ".log");
    Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      Matcher serving = SERVING.matcher(read(log));
      if (serving.find()) {
        return new Server(process, log, Integer.parseInt(serving.group(1)));
      }
      if (!process.isAlive()) {
        throw new IllegalStateException("the service exited with " + process.exitValue() + ":\n" + read(log));
      }
      Thread.sleep(50);
    }
    process.destroyForcibly().waitFor();
    throw new IllegalStateException("the service did not start within 60 s:\n" + read(log));
  }

  /** Runs {@code java -cp shelf.jar <mainClass> <args>} to the end (at most {@code timeoutS}). */
  public Result run(long timeoutS, String mainClass, String... args) throws IOException, InterruptedException {
    List<String> command = java();
    command.addAll(List.of("-cp", jar.toString(), mainClass));
    command.addAll(List.of(args));
    int run = ++runs;
    Path out = dir.resolve("run-" + run + ".out");
    Path err = dir.resolve("run-" + run + ".err");
    Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    if (!process.waitFor(timeoutS, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
      throw new AssertionError(mainClass + " did not finish within " + timeoutS + " s:\n" + read(out) + read(err));
    }
    return new Result(process.exitValue(), read(out), read(err));
  }

  private static List<String> java(String... jvmOptions) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(List.of(jvmOptions));
    return command;
  }

  private static String read(Path file) {
    try {
      return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + file, e);
    }
  }
}
