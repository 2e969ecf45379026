package dev.shelf.http.server;

import dev.shelf.config.HttpConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.Http2Settings;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.net.PemKeyCertOptions;
import java.util.List;

/**
 * The HTTP server's options. Without {@code http.tls.*}: cleartext HTTP/1.1 only — cleartext
 * HTTP/2 (h2c, by prior knowledge or {@code Upgrade: h2c}) is off, since browsers never use it and
 * it would be one more protocol to defend. With it: HTTPS only, ALPN offering {@code h2} then
 * {@code http/1.1}.
 */
final class ServerOptions {

  /** HTTP/1.1's limits (Netty refuses beyond them; Problems answers 414/431); HTTP/2 gets the same. */
  static final int MAX_REQUEST_LINE = HttpServerOptions.DEFAULT_MAX_INITIAL_LINE_LENGTH;
  static final int MAX_HEADERS = HttpServerOptions.DEFAULT_MAX_HEADER_SIZE;
  /**
   * An HTTP/2 header block is HPACK-compressed against state the whole connection shares, so it
   * cannot be cut short like an HTTP/1.1 header section: it is decoded whole, up to this bound
   * (advertised as SETTINGS_MAX_HEADER_LIST_SIZE), and {@link Http2Limits} then applies the
   * HTTP/1.1 limits to it. Beyond the bound Netty answers a bare 431 (up to 1.25×) or ends the
   * connection with GOAWAY.
   */
  static final int H2_MAX_HEADER_LIST = 128 * 1024;
  /** Streams one HTTP/2 connection may have open at once (Vert.x's default is unbounded). */
  static final long H2_MAX_STREAMS = 128;

  private ServerOptions() {
  }

  /** The options for the {@code http} settings, reading the PEM files when HTTPS is on. */
  static Future<HttpServerOptions> of(Vertx vertx, HttpConfig http, int port) {
    HttpServerOptions options = new HttpServerOptions()
        .setHost(http.host())
        .setPort(port)
        .setCompressionSupported(true)
        .setIdleTimeout(http.idleTimeoutSec())
        .setHttp2ClearTextEnabled(false)
        .setInitialSettings(new Http2Settings()
            .setMaxHeaderListSize(H2_MAX_HEADER_LIST)
            .setMaxConcurrentStreams(H2_MAX_STREAMS));
    if (!http.tls()) {
      return Future.succeededFuture(options);
    }
    // One after the other, so a start-up error always names the certificate first when both are bad.
    return read(vertx, "http.tls.certPath", http.tlsCertPath())
        .compose(cert -> read(vertx, "http.tls.keyPath", http.tlsKeyPath())
            .map(key -> options
                .setSsl(true)
                .setUseAlpn(true)
                .setAlpnVersions(List.of(HttpVersion.HTTP_2, HttpVersion.HTTP_1_1))
                .setKeyCertOptions(new PemKeyCertOptions().setCertValue(cert).setKeyValue(key))));
  }

  /** Reads a PEM file, failing with one line that names the key and the path. */
  private static Future<Buffer> read(Vertx vertx, String key, String path) {
    return vertx.fileSystem().readFile(path).recover(e -> {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      return Future.failedFuture(new IllegalStateException(key + ": cannot read " + path + " ("
          + cause.getClass().getSimpleName() + ")", null));
    }).compose(pem -> pem.toString().contains("-----BEGIN ") ? Future.succeededFuture(pem)
        : Future.failedFuture(new IllegalStateException(key + ": " + path + " is not a PEM file (no -----BEGIN line)")));
  }
}
