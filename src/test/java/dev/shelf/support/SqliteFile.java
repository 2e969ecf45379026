package dev.shelf.support;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * A SQLite file read or changed behind Shelf's back, as a test checks what was really committed
 * or breaks the file on purpose: one connection per call, closed before it returns.
 */
public record SqliteFile(Path path) {

  public static SqliteFile of(Path path) {
    return new SqliteFile(path);
  }

  /** A connection of the caller's own, for a test that must hold it (a lock, a transaction). */
  public Connection open() throws SQLException {
    return DriverManager.getConnection("jdbc:sqlite:" + path);
  }

  /** The first column of the first row, as a number ({@code SELECT count(*) FROM books}). */
  public long number(String sql) throws SQLException {
    try (Connection c = open(); ResultSet rs = c.createStatement().executeQuery(sql)) {
      return rs.getLong(1);
    }
  }

  /** The first column of the first row, as text ({@code PRAGMA integrity_check}). */
  public String text(String sql) throws SQLException {
    try (Connection c = open(); ResultSet rs = c.createStatement().executeQuery(sql)) {
      return rs.getString(1);
    }
  }

  /** The first column of every row, in order. */
  public List<String> column(String sql) throws SQLException {
    List<String> values = new ArrayList<>();
    try (Connection c = open(); ResultSet rs = c.createStatement().executeQuery(sql)) {
      while (rs.next()) {
        values.add(rs.getString(1));
      }
    }
    return values;
  }

  /** Runs each statement in turn (autocommit). */
  public void execute(String... statements) throws SQLException {
    try (Connection c = open(); Statement sql = c.createStatement()) {
      for (String statement : statements) {
        sql.execute(statement);
      }
    }
  }
}
