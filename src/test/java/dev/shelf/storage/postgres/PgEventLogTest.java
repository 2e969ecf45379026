package dev.shelf.storage.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.shelf.support.EventReader;
import dev.shelf.support.Postgres;
import dev.shelf.support.RunningShelf;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(VertxExtension.class)
@DisplayName("PostgreSQL's events table behind /events")
class PgEventLogTest {

  private static final Duration WAIT = Duration.ofSeconds(15);

  @TempDir
  Path dir;

  private String database;

  private RunningShelf start(Vertx vertx, int bufferSize) {
    String url = Postgres.shared().freshDatabase();
    database = url.substring(url.lastIndexOf('/') + 1);
    return RunningShelf.start(vertx, dir, new JsonObject()
        .put("events", new JsonObject().put("bufferSize", bufferSize))
        .put("db", new JsonObject().put("kind", "postgres").put("url", url)));
  }

  @Test
  @DisplayName("an id older than the buffer resumes from the events table; once its successors are pruned, a reset")
  void resumesFromTheTableUntilPruned(Vertx vertx) {
    RunningShelf shelf = start(vertx, 1);
    for (int i = 1; i <= 5; i++) {
      shelf.book("B" + i, "A", null);
    }
    // What pruning by count or age does: the oldest go, the newest stay.
    Postgres.shared().psql(database, "DELETE FROM events WHERE id <= 2");

    EventReader fromTable = EventReader.open(vertx, shelf.port, "2");
    assertThat(List.of(fromTable.next(WAIT), fromTable.next(WAIT), fromTable.next(WAIT)))
        .extracting(EventReader.Event::type, EventReader.Event::number)
        .containsExactly(tuple("book.created", 3L), tuple("book.created", 4L), tuple("book.created", 5L));
    EventReader pruned = EventReader.open(vertx, shelf.port, "1");
    EventReader.Event reset = pruned.next(WAIT);
    assertThat(reset.type()).isEqualTo("reset");
    assertThat(reset.number()).isEqualTo(5);
    assertThat(reset.json().getString("reason")).contains("after 1 are no longer available");

    shelf.book("Live", "A", null);
    assertThat(fromTable.next(WAIT).number()).isEqualTo(6);
    assertThat(pruned.next(WAIT).number()).isEqualTo(6);
    fromTable.close();
    pruned.close();
  }

  /**
   * What a restore of an older backup, a failover to a replica behind the primary, or a crash of
   * a server without durable commits does: the last committed changes and their events are gone,
   * and the counter gives their ids again. Before, the node took the new events for ones it had
   * already published and the stream went silent for good.
   */
  @Test
  @DisplayName("a store that went back to an earlier event gets its clients a reset, then the new events, never silence")
  void storeThatWentBackResets(Vertx vertx) {
    RunningShelf shelf = start(vertx, 1000);
    EventReader events = EventReader.open(vertx, shelf.port, null);
    assertThat(events.next(WAIT).type()).isEqualTo("ready");
    long first = shelf.book("One", "A", 2001).getLong("id");
    shelf.book("Two", "A", 2002);
    shelf.book("Three", "A", 2003);
    assertThat(events.next(WAIT).number()).isEqualTo(1);
    assertThat(events.next(WAIT).number()).isEqualTo(2);
    assertThat(events.next(WAIT).number()).isEqualTo(3);

    Postgres.shared().psql(database, "DELETE FROM books WHERE id > " + first + "; DELETE FROM events WHERE id > 1;"
        + " UPDATE event_counter SET last = 1");
    shelf.book("Four", "B", 2004);

    // The node learns it at its next read: at the poll before Four (reset at 1, Four's event follows) or at Four's commit.
    EventReader.Event reset = events.next(WAIT);
    assertThat(reset.type()).isEqualTo("reset");
    assertThat(reset.number()).isBetween(1L, 2L);
    assertThat(reset.json().getLong("id")).isEqualTo(reset.number());
    long five = shelf.book("Five", "B", 2005).getLong("id");
    long expected = reset.number() + 1;
    EventReader.Event next;
    do {
      next = events.next(WAIT);
      assertThat(next.type()).isEqualTo("book.created");
      assertThat(next.number()).isEqualTo(expected++);
    } while (next.number() < 3);
    assertThat(next.json().getLong("id")).isEqualTo(five);
    events.close();
  }
}
