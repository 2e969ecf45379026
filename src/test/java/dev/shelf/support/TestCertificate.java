package dev.shelf.support;

import io.vertx.core.net.PemTrustOptions;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A self-signed certificate for 127.0.0.1 and localhost, made once per test JVM with the JDK's
 * keytool and written as the two PEM files Shelf's {@code http.tls.*} keys take. No key is ever
 * committed; the files live in a temp folder deleted when the JVM exits.
 */
public final class TestCertificate {

  private static TestCertificate instance;

  public final Path certPath;
  public final Path keyPath;

  private TestCertificate(Path certPath, Path keyPath) {
    this.certPath = certPath;
    this.keyPath = keyPath;
  }

  public static synchronized TestCertificate get() {
    if (instance == null) {
      instance = generate();
    }
    return instance;
  }

  /** Trusts exactly this certificate. */
  public PemTrustOptions trust() {
    return new PemTrustOptions().addCertPath(certPath.toString());
  }

  private static TestCertificate generate() {
    try {
      Path dir = Files.createTempDirectory("shelf-test-cert");
      Path store = dir.resolve("test.p12");
      String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
      Process process = new ProcessBuilder(List.of(keytool, "-genkeypair", "-keyalg", "RSA", "-keysize", "2048",
          "-alias", "shelf", "-dname", "CN=localhost", "-ext", "SAN=ip:127.0.0.1,dns:localhost",
          "-validity", "2", "-storetype", "PKCS12", "-keystore", store.toString(), "-storepass", "changeit"))
          .redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
        throw new IllegalStateException("keytool failed: " + output);
      }
      KeyStore keys = KeyStore.getInstance("PKCS12");
      try (InputStream in = Files.newInputStream(store)) {
        keys.load(in, "changeit".toCharArray());
      }
      Path cert = Files.writeString(dir.resolve("cert.pem"),
          pem("CERTIFICATE", keys.getCertificate("shelf").getEncoded()));
      Path key = Files.writeString(dir.resolve("key.pem"),
          pem("PRIVATE KEY", keys.getKey("shelf", "changeit".toCharArray()).getEncoded()));
      for (Path file : List.of(dir, store, cert, key)) {
        file.toFile().deleteOnExit();
      }
      return new TestCertificate(cert, key);
    } catch (Exception e) {
      throw new IllegalStateException("cannot make the test certificate", e);
    }
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN " + type + "-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
        + "\n-----END " + type + "-----\n";
  }
}
