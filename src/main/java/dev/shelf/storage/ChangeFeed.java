package dev.shelf.storage;

import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonObject;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns committed changes into the events of {@link ChangeEvents}. Numbers are taken inside the
 * change's own transaction (its savepoint) from the {@code event_sequence} row, so they roll back
 * with a failed change and never leave a gap; the events are published only once the transaction
 * committed, from the writer thread, in commit order.
 */
final class ChangeFeed {

  private static final String LAST = "SELECT last FROM event_sequence WHERE id = 1";

  private final EventBus bus;

  ChangeFeed(EventBus bus) {
    this.bus = bus;
  }

  /** Numbers one event of {@code type} per record in {@code data}, within the open transaction. */
  List<JsonObject> number(SqliteConnection c, String type, List<JsonObject> data) throws SQLException {
    if (data.isEmpty()) {
      return List.of();
    }
    c.update("UPDATE event_sequence SET last = last + ? WHERE id = 1", List.of(data.size()));
    long id = last(c) - data.size();
    List<JsonObject> events = new ArrayList<>(data.size());
    for (JsonObject record : data) {
      events.add(new JsonObject().put("type", type).put("id", ++id).put("data", record));
    }
    return events;
  }

  /** Publishes events that are committed; call it in commit order. */
  void publish(List<JsonObject> events) {
    events.forEach(event -> bus.publish(ChangeEvents.ADDRESS, event));
  }

  /** The id of the newest committed event, 0 before the first. */
  static Future<Long> last(Database db) {
    return db.read(ChangeFeed::last);
  }

  private static long last(SqliteConnection c) throws SQLException {
    return c.query(LAST, List.of(), row -> row.getLong(1)).get(0);
  }
}
