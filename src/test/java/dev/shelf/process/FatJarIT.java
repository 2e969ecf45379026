package dev.shelf.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.jar.JarFile;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@DisplayName("The fat jar, started with java -jar as a user would")
class FatJarIT {

  @TempDir
  Path dir;

  @Test
  @DisplayName("its manifest runs ShelfApplication (Vert.x's launcher with Shelf's hooks) and names the main verticle")
  void manifest() throws Exception {
    try (JarFile jar = new JarFile(ShelfProcess.JAR.toFile())) {
      var attributes = jar.getManifest().getMainAttributes();
      assertThat(attributes.getValue("Main-Class")).isEqualTo("dev.shelf.ShelfApplication");
      assertThat(attributes.getValue("Main-Verticle")).isEqualTo("dev.shelf.MainVerticle");
      assertThat(jar.getEntry("webroot/index.html")).isNotNull();
    }
  }

  @Test
  @DisplayName("-conf conf/config.json from any folder: serves the API and the page from the jar, creates data/shelf.db")
  void startsWithTheCommittedConfig() throws Exception {
    Path conf = Path.of("conf/config.json").toAbsolutePath();
    try (ShelfProcess shelf = ShelfProcess.start(dir, Map.of(), "-conf", conf.toString())) {
      shelf.awaitReady();

      assertThat(shelf.post("/books", "{\"title\":\"Dune\",\"author\":\"Frank Herbert\"}").statusCode()).isEqualTo(201);
      assertThat(shelf.get("/").body()).contains("data:image/png;base64,");
      assertThat(dir.resolve("data/shelf.db")).exists();
      assertThat(shelf.output()).contains("config file " + conf).contains("Shelf is serving http://127.0.0.1:" + shelf.port);
    }
  }

  @Test
  @DisplayName("a webroot/ folder in the working directory is served instead of the jar's copy")
  void localWebrootWins() throws Exception {
    Files.createDirectories(dir.resolve("webroot"));
    Files.writeString(dir.resolve("webroot/index.html"), "<h1>edited without a rebuild</h1>");
    try (ShelfProcess shelf = ShelfProcess.start(dir, Map.of())) {
      shelf.awaitReady();

      assertThat(shelf.get("/").body()).contains("edited without a rebuild");
    }
  }

  @Test
  @DisplayName("the launcher's -instances 2 gives two HTTP instances and still one storage verticle (one writer)")
  void instancesOption() throws Exception {
    try (ShelfProcess shelf = ShelfProcess.start(dir, Map.of(), "-instances", "2")) {
      shelf.awaitReady();
      assertThat(shelf.output().lines().filter(line -> line.contains("Storage ready"))).as(shelf.output()).hasSize(1);
      assertThat(shelf.output()).contains("2 HTTP instances");

      for (int i = 0; i < 10; i++) {
        assertThat(shelf.post("/books", "{\"title\":\"T" + i + "\",\"author\":\"A\"}").statusCode()).isEqualTo(201);
      }
      assertThat(shelf.get("/books").body()).contains("\"T9\"");
    }
  }

  @ParameterizedTest(name = "{0} → exits non-zero naming {1}")
  @CsvSource(delimiter = '|', value = {
      "missing.json                  | missing.json",
      "broken.json                   | broken.json",
      "port-abc.json                 | http.port",
      "port-70000.json               | http.port",
      "unknown-key.json              | http.prot"})
  void badConfigFiles(String file, String named) throws Exception {
    Files.writeString(dir.resolve("broken.json"), "{\"http\": {\"port\": 3000,");
    Files.writeString(dir.resolve("port-abc.json"), "{\"http\": {\"port\": \"abc\"}}");
    Files.writeString(dir.resolve("port-70000.json"), "{\"http\": {\"port\": 70000}}");
    Files.writeString(dir.resolve("unknown-key.json"), "{\"http\": {\"prot\": 3000}}");

    Map<String, String> noPortOverride = new java.util.HashMap<>();
    noPortOverride.put("SHELF_HTTP_PORT", null);
    try (ShelfProcess shelf = ShelfProcess.start(dir, noPortOverride, "-conf", file)) {
      int exit = shelf.exitCode();

      assertThat(exit).as(shelf.output()).isNotZero();
      assertThat(shelf.output()).contains(named).contains(file)
          .doesNotContain("SHELF_HTTP_PORT").doesNotContain("\tat ").doesNotContain("Shelf is serving");
    }
  }

  @Test
  @DisplayName("a bad environment override exits non-zero naming the variable")
  void badEnvironment() throws Exception {
    try (ShelfProcess shelf = ShelfProcess.start(dir, Map.of("SHELF_HTTP_PORT", "abc"))) {
      assertThat(shelf.exitCode()).isNotZero();
      assertThat(shelf.output()).contains("SHELF_HTTP_PORT").doesNotContain("\tat ");
    }
  }

  @Test
  @DisplayName("HTTPS with a certificate file that is missing exits 15 with one line naming the key and the file")
  void missingCertificate() throws Exception {
    Files.writeString(dir.resolve("key.pem"), "-----BEGIN PRIVATE KEY-----\n");
    try (ShelfProcess shelf = ShelfProcess.start(dir, Map.of("SHELF_HTTP_TLS_CERT_PATH", "missing-cert.pem",
        "SHELF_HTTP_TLS_KEY_PATH", "key.pem"))) {
      assertThat(shelf.exitCode()).as(shelf.output()).isEqualTo(15);
      assertThat(shelf.output()).contains("http.tls.certPath: cannot read missing-cert.pem")
          .doesNotContain("\tat ").doesNotContain("Shelf is serving");
    }
  }

  @Test
  @DisplayName("an unwritable database path exits non-zero naming the path")
  void unwritableDatabase() throws Exception {
    Files.writeString(dir.resolve("not-a-folder"), "x");
    try (ShelfProcess shelf = ShelfProcess.start(dir, Map.of("SHELF_DB_PATH", "not-a-folder/shelf.db"))) {
      assertThat(shelf.exitCode()).isNotZero();
      assertThat(shelf.output()).contains("not-a-folder").doesNotContain("Shelf is serving");
    }
  }
}
