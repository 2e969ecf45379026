package dev.shelf.config;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;

/** The {@code http.*} keys: where and how Shelf listens, its limits, CORS and TLS. */
public record HttpConfig(
    String host,
    int port,
    int bodyLimit,
    int importBodyLimit,
    int instances,
    boolean requireIfMatch,
    int idleTimeoutSec,
    int storageTimeoutMs,
    int shutdownGraceMs,
    int batchMax,
    List<String> corsOrigins,
    String tlsCertPath,
    String tlsKeyPath) {

  static void defaults(Map<String, Object> d) {
    d.put("http.host", "127.0.0.1");
    d.put("http.port", 3000);
    d.put("http.bodyLimit", 65536);
    d.put("http.instances", Runtime.getRuntime().availableProcessors());
    d.put("http.requireIfMatch", false);
    d.put("http.idleTimeoutSec", 30);
    d.put("http.storageTimeoutMs", 10_000);
    d.put("http.shutdownGraceMs", 10_000);
    d.put("http.importBodyLimit", 10 * 1024 * 1024);
    d.put("http.cors.origins", List.of());
    d.put("http.tls.certPath", "");
    d.put("http.tls.keyPath", "");
    d.put("http.batchMax", 100);
  }

  static HttpConfig read(ConfigValues v) {
    HttpConfig http = new HttpConfig(
        v.text("http.host", ConfigValues.NOT_BLANK),
        v.integer("http.port", 0, 65535),
        v.integer("http.bodyLimit", 1, Integer.MAX_VALUE),
        v.integer("http.importBodyLimit", 1, Integer.MAX_VALUE),
        v.integer("http.instances", 1, 64),
        v.bool("http.requireIfMatch"),
        v.integer("http.idleTimeoutSec", 1, 3600),
        v.integer("http.storageTimeoutMs", 100, 600_000),
        v.integer("http.shutdownGraceMs", 0, 600_000),
        v.integer("http.batchMax", 1, 10_000),
        v.list("http.cors.origins"),
        v.text("http.tls.certPath", ConfigValues.NOT_PADDED),
        v.text("http.tls.keyPath", ConfigValues.NOT_PADDED));
    if (http.tlsCertPath().isEmpty() != http.tlsKeyPath().isEmpty()) {
      String missing = http.tlsCertPath().isEmpty() ? "http.tls.certPath" : "http.tls.keyPath";
      throw v.bad(missing, "must be set too: HTTPS needs both the certificate and its key", "");
    }
    return http;
  }

  /** True when Shelf serves HTTPS (and HTTP/2 through ALPN) instead of cleartext HTTP/1.1. */
  public boolean tls() {
    return !tlsCertPath.isEmpty();
  }

  JsonObject toJson() {
    return new JsonObject().put("host", host).put("port", port).put("bodyLimit", bodyLimit)
        .put("importBodyLimit", importBodyLimit).put("instances", instances).put("requireIfMatch", requireIfMatch)
        .put("idleTimeoutSec", idleTimeoutSec).put("storageTimeoutMs", storageTimeoutMs)
        .put("shutdownGraceMs", shutdownGraceMs).put("batchMax", batchMax)
        .put("cors", new JsonObject().put("origins", new JsonArray(corsOrigins)))
        .put("tls", new JsonObject().put("certPath", tlsCertPath).put("keyPath", tlsKeyPath));
  }
}
