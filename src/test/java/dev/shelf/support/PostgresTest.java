package dev.shelf.support;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class PostgresTest {

  @Test
  @DisplayName("The shared test server gives each caller a fresh database it can query")
  void freshDatabases() {
    Postgres pg = Postgres.shared();
    String a = pg.freshDatabase();
    String b = pg.freshDatabase();
    assertThat(a).isNotEqualTo(b).startsWith("postgresql://shelf@127.0.0.1:" + pg.port() + "/");
    String name = a.substring(a.lastIndexOf('/') + 1);
    assertThat(pg.psql(name, "SELECT 40 + 2")).isEqualTo("42");
    assertThat(Postgres.shared()).isSameAs(pg);
  }
}
