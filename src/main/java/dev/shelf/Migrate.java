package dev.shelf;

import dev.shelf.config.PostgresUrl;
import dev.shelf.storage.postgres.SqliteToPostgres;
import io.vertx.core.json.JsonObject;
import java.io.PrintStream;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Map;

/**
 * Moves a SQLite store into PostgreSQL:
 * {@code java -cp shelf.jar dev.shelf.Migrate --from data/shelf.db --to postgresql://shelf@host:5432/shelf}.
 * The PostgreSQL database must be empty (its tables are created if missing); the password, when
 * needed, comes from the URI or SHELF_DB_PASSWORD. Prints the rows copied per table. Exit code 0
 * on success, 1 on a failure (nothing is left half-copied), 2 on wrong usage.
 */
public final class Migrate {

  private static final String USAGE =
      "usage: java -cp shelf.jar dev.shelf.Migrate --from <shelf.db> --to postgresql://user@host:port/database";

  private Migrate() {
  }

  public static void main(String[] args) {
    System.exit(run(args, System.getenv(), System.out, System.err));
  }

  static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
    if (args.length != 4 || !args[0].equals("--from") || !args[2].equals("--to")) {
      err.println(USAGE);
      return 2;
    }
    String url = args[3];
    if (!url.startsWith("postgresql://") && !url.startsWith("postgres://")) {
      err.println("--to must be a PostgreSQL URI starting with postgresql://\n" + USAGE);
      return 2;
    }
    try {
      JsonObject copied = SqliteToPostgres.copy(Path.of(args[1]), url, env.get("SHELF_DB_PASSWORD"));
      out.println(copied.put("from", args[1]).put("to", PostgresUrl.redacted(url)).encode());
      return 0;
    } catch (IllegalArgumentException | IllegalStateException | SQLException e) {
      err.println("migration failed, nothing was copied: " + e.getMessage());
      return 1;
    } catch (RuntimeException e) {
      err.println("migration failed, nothing was copied: " + PostgresUrl.redacted(String.valueOf(e.getMessage())));
      return 1;
    }
  }
}
