package dev.shelf.storage.postgres;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;
import java.util.List;

/** One write of a group commit: its statements on the batch's connection, inside its own savepoint. */
@FunctionalInterface
interface PgWrite<T> {

  Future<Changed<T>> run(SqlConnection conn);

  /** What a write answers, and the event type and data for each record it changed (none: no event). */
  record Changed<T>(T result, String type, List<JsonObject> data) {
  }
}
