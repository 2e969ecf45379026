package dev.shelf.config;

import io.vertx.pgclient.PgConnectOptions;

/** Checks a PostgreSQL URI ({@code db.url}) the way the PostgreSQL client will read it. */
public final class PostgresUrl {

  private PostgresUrl() {
  }

  /** Why {@code url} cannot be used, or null when it is fine (or empty: SQLite needs none). */
  static String problem(String url) {
    if (url.isEmpty()) {
      return null;
    }
    if (!url.startsWith("postgresql://") && !url.startsWith("postgres://")) {
      return "must be a PostgreSQL URI starting with postgresql://, such as postgresql://shelf@127.0.0.1:5432/shelf";
    }
    try {
      PgConnectOptions options = PgConnectOptions.fromUri(url);
      return options.getDatabase() == null || options.getDatabase().isEmpty()
          ? "must name a database, such as postgresql://shelf@127.0.0.1:5432/shelf" : null;
    } catch (RuntimeException e) {
      return "is not a valid PostgreSQL URI (" + redacted(String.valueOf(e.getMessage())) + ")";
    }
  }

  /** The URI without its password, safe for a log line or an error message. */
  public static String redacted(String url) {
    return url.replaceAll("([A-Za-z][A-Za-z0-9+.-]*://[^:/@\\s]*):[^@/\\s]*@", "$1:***@");
  }
}
