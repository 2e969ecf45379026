package dev.shelf.storage.postgres;

import dev.shelf.config.ShelfConfig;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClientOptions;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;

/**
 * How this node reaches PostgreSQL, from {@code db.url}, {@code db.password} and {@code db.poolSize}.
 * Every wait is bounded below {@code http.storageTimeoutMs}: an unreachable server fails a request
 * with 503 before the HTTP side would give up on it with 504.
 */
record PgSettings(PgConnectOptions connect, int poolSize, int storageTimeoutMs) {

  static PgSettings of(ShelfConfig config) {
    PgConnectOptions options = PgConnectOptions.fromUri(config.db().url());
    if (!config.db().password().isEmpty()) {
      options.setPassword(config.db().password());
    }
    options.setCachePreparedStatements(true)
        .setPreparedStatementCacheMaxSize(256)
        .setReconnectAttempts(0);
    return new PgSettings(options, config.db().poolSize(), config.http().storageTimeoutMs());
  }

  /** The pool reads use: at most {@code poolSize} connections, and a bounded wait for one. */
  Pool readPool(Vertx vertx) {
    return pool(vertx, poolSize, "shelf-pg-read");
  }

  /** A pool of one connection for the schema migration, which holds its advisory lock on that session. */
  Pool migrationPool(Vertx vertx) {
    return pool(vertx, 1, "shelf-pg-migrate");
  }

  /** The writer's pool: one connection, so a batch always finds it (or reconnects) without racing reads. */
  Pool writePool(Vertx vertx) {
    return pool(vertx, 1, "shelf-pg-write");
  }

  private Pool pool(Vertx vertx, int size, String name) {
    int bound = Math.max(100, storageTimeoutMs / 2);
    // No pool wait timeout (0): in vertx-sql-client 5.0.7 one that fires while a connection is
    // being opened fails the request twice and leaves its future for ever pending (seen under
    // load as a start-up that never finished). The TCP connect is bounded instead, and a request
    // that waits for a busy pool is bounded by http.storageTimeoutMs on the HTTP side.
    PoolOptions pool = new PoolOptions().setMaxSize(size).setName(name).setConnectionTimeout(0);
    NetClientOptions net = new NetClientOptions().setConnectTimeout(bound).setTcpNoDelay(true).setTcpKeepAlive(true);
    return PgBuilder.pool().with(pool).with(net).connectingTo(connect).using(vertx).build();
  }

  /** Where the server is, without the password: for log lines and error messages. */
  String where() {
    return connect.getUser() + "@" + connect.getHost() + ":" + connect.getPort() + "/" + connect.getDatabase();
  }
}
