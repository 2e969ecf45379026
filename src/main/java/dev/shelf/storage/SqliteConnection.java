package dev.shelf.storage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.sqlite.SQLiteConfig;

/**
 * One JDBC connection to the SQLite file, used by one thread at a time, with its prepared
 * statements kept for reuse (SQL text is built from the resource description, so the set is small).
 */
final class SqliteConnection implements AutoCloseable {

  /** Maps the current row of a result set. */
  @FunctionalInterface
  interface RowMapper<T> {
    T map(ResultSet row) throws SQLException;
  }

  private final Connection jdbc;
  private final Statement plain;
  private final Map<String, PreparedStatement> statements = new HashMap<>();

  private SqliteConnection(Connection jdbc) throws SQLException {
    this.jdbc = jdbc;
    this.plain = jdbc.createStatement();
  }

  static SqliteConnection open(String path, SQLiteConfig config) throws SQLException {
    return new SqliteConnection(config.createConnection("jdbc:sqlite:" + path));
  }

  /** Runs a statement without parameters or results: BEGIN, COMMIT, SAVEPOINT, PRAGMA. */
  void execute(String sql) throws SQLException {
    plain.execute(sql);
  }

  int update(String sql, List<?> params) throws SQLException {
    try {
      return bind(sql, params).executeUpdate();
    } catch (SQLException e) {
      throw discard(sql, e);
    }
  }

  <T> List<T> query(String sql, List<?> params, RowMapper<T> mapper) throws SQLException {
    List<T> rows = new ArrayList<>();
    try (ResultSet rs = bind(sql, params).executeQuery()) {
      while (rs.next()) {
        rows.add(mapper.map(rs));
      }
    } catch (SQLException e) {
      throw discard(sql, e);
    }
    return rows;
  }

  /**
   * Forgets the statement of a failed call, so the next call prepares it afresh. After most
   * failures (anything but busy, locked or a constraint) sqlite-jdbc has finalized the statement,
   * and reusing it would fail with "statement is not executing" for as long as the connection lives.
   */
  private SQLException discard(String sql, SQLException failure) {
    PreparedStatement statement = statements.remove(sql);
    if (statement != null) {
      try {
        statement.close();
      } catch (SQLException e) {
        failure.addSuppressed(e);
      }
    }
    return failure;
  }

  private PreparedStatement bind(String sql, List<?> params) throws SQLException {
    PreparedStatement statement = statements.get(sql);
    if (statement == null) {
      statement = jdbc.prepareStatement(sql);
      statements.put(sql, statement);
    }
    statement.clearParameters();
    for (int i = 0; i < params.size(); i++) {
      statement.setObject(i + 1, params.get(i));
    }
    return statement;
  }

  @Override
  public void close() throws SQLException {
    for (PreparedStatement statement : statements.values()) {
      statement.close();
    }
    plain.close();
    jdbc.close();
  }
}
