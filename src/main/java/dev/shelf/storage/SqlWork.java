package dev.shelf.storage;

import java.sql.SQLException;

/** Work on one connection, run on a storage thread where blocking is allowed. */
@FunctionalInterface
interface SqlWork<T> {
  T run(SqliteConnection connection) throws SQLException;
}
