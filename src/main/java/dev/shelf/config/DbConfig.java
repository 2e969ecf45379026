package dev.shelf.config;

import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.Set;

/** The {@code db.*} keys: which store, the SQLite file and its writer, the PostgreSQL server. */
public record DbConfig(
    String kind,
    String path,
    String synchronous,
    int readers,
    int batchMax,
    int batchWaitMs,
    int writeQueueMax,
    int writerStallMs,
    String url,
    String password,
    int poolSize) {

  public static final String SQLITE = "sqlite";
  public static final String POSTGRES = "postgres";
  private static final Set<String> SYNCHRONOUS_MODES = Set.of("OFF", "NORMAL", "FULL", "EXTRA");

  static void defaults(Map<String, Object> d) {
    d.put("db.path", "data/shelf.db");
    d.put("db.synchronous", "NORMAL");
    d.put("db.readers", Runtime.getRuntime().availableProcessors());
    d.put("db.batchMax", 512);
    d.put("db.batchWaitMs", 0);
    d.put("db.writeQueueMax", 10_000);
    d.put("db.writerStallMs", 30_000);
    d.put("db.kind", SQLITE);
    d.put("db.url", "");
    d.put("db.password", "");
    d.put("db.poolSize", 8);
  }

  static DbConfig read(ConfigValues v) {
    DbConfig db = new DbConfig(
        v.text("db.kind", s -> Set.of(SQLITE, POSTGRES).contains(s) ? null : "must be \"sqlite\" or \"postgres\""),
        v.text("db.path", ConfigValues.NOT_BLANK),
        v.text("db.synchronous", s -> SYNCHRONOUS_MODES.contains(s) ? null : "must be one of OFF, NORMAL, FULL, EXTRA"),
        v.integer("db.readers", 1, 64),
        v.integer("db.batchMax", 1, 10_000),
        v.integer("db.batchWaitMs", 0, 1_000),
        v.integer("db.writeQueueMax", 1, 1_000_000),
        v.integer("db.writerStallMs", 100, 3_600_000),
        v.text("db.url", PostgresUrl::problem),
        v.text("db.password", s -> null),
        v.integer("db.poolSize", 1, 1_000));
    if (db.postgres() && db.url().isBlank()) {
      throw v.bad("db.url", "is required when db.kind is \"postgres\" (a URI such as postgresql://shelf@127.0.0.1:5432/shelf)",
          db.url());
    }
    return db;
  }

  /** True when the records live in PostgreSQL rather than the SQLite file. */
  public boolean postgres() {
    return kind.equals(POSTGRES);
  }

  JsonObject toJson() {
    return new JsonObject().put("kind", kind).put("path", path).put("synchronous", synchronous).put("readers", readers)
        .put("batchMax", batchMax).put("batchWaitMs", batchWaitMs).put("writeQueueMax", writeQueueMax)
        .put("writerStallMs", writerStallMs).put("url", url).put("password", password).put("poolSize", poolSize);
  }
}
