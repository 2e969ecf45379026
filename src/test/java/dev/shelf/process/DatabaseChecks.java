package dev.shelf.process;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** ClusterIT's checks made in PostgreSQL itself after the load: what the clients were told is what is stored. */
final class DatabaseChecks {

  private DatabaseChecks() {
  }

  /** Each book's last definite answer is what PostgreSQL holds; an ambiguous write happened entirely or not at all. */
  static void assertWritesCommittedAsAnswered(Cluster cluster, List<WriteLoad.Outcome> outcomes) {
    Map<String, JsonObject> rows = new HashMap<>();
    JsonArray all = new JsonArray(cluster.sql("SELECT coalesce(json_agg(b ORDER BY id), '[]') FROM books b"));
    // Titles are unique per run: a second row with one title would be a write applied twice (a retried POST).
    all.forEach(row -> assertThat(rows.put(((JsonObject) row).getString("title"), (JsonObject) row))
        .as("one row titled %s", ((JsonObject) row).getString("title")).isNull());
    Map<String, List<WriteLoad.Outcome>> byTitle = new HashMap<>();
    outcomes.forEach(o -> byTitle.computeIfAbsent(o.title(), t -> new ArrayList<>()).add(o));
    for (Map.Entry<String, List<WriteLoad.Outcome>> book : byTitle.entrySet()) {
      List<WriteLoad.Outcome> ops = book.getValue();
      WriteLoad.Outcome last = ops.get(ops.size() - 1);
      JsonObject row = rows.get(book.getKey());
      if (last.ok()) {
        if (last.op().equals("delete")) {
          assertThat(row).as("%s deleted with 2xx", book.getKey()).isNull();
        } else {
          assertThat(row).as("%s written with 2xx", book.getKey()).isNotNull();
          assertThat(row.getLong("version")).as("version of %s", book.getKey()).isEqualTo(last.version());
        }
      } else if (last.op().equals("create")) {
        // Ambiguous create: the book exists once, at version 1, or not at all (titles are unique per run).
        assertThat(row == null || row.getLong("version") == 1).as("ambiguous create of %s", book.getKey()).isTrue();
      } else if (last.op().equals("patch")) {
        assertThat(row).isNotNull();
        boolean before = row.getLong("version") == last.sentVersion();
        boolean after = row.getLong("version") == last.sentVersion() + 1 && last.year().equals(row.getInteger("year"));
        assertThat(before || after).as("ambiguous patch of %s: %s", book.getKey(), row).isTrue();
      } else {
        assertThat(row == null || row.getLong("version") == last.sentVersion())
            .as("ambiguous delete of %s: %s", book.getKey(), row).isTrue();
      }
    }
  }

  /**
   * Event ids are 1..N without a gap, N is the counter, and replaying the events in id order gives
   * exactly the table: one event per committed change, none for anything that did not commit.
   */
  static long assertEventsReplayToTheTables(Cluster cluster) {
    JsonArray events = new JsonArray(cluster.sql("SELECT coalesce(json_agg(json_build_object('id', id, 'type', type,"
        + " 'data', data::json) ORDER BY id), '[]') FROM events"));
    long counter = Long.parseLong(cluster.sql("SELECT last FROM event_counter"));
    assertThat(events.size()).isEqualTo((int) counter);
    Map<Long, JsonObject> replayed = new HashMap<>();
    for (int i = 0; i < events.size(); i++) {
      JsonObject event = events.getJsonObject(i);
      assertThat(event.getLong("id")).isEqualTo(i + 1L);
      JsonObject data = event.getJsonObject("data");
      long id = data.getLong("id");
      switch (event.getString("type")) {
        case "book.created" -> assertThat(replayed.put(id, data)).as("created once: %s", event).isNull();
        case "book.updated" -> {
          JsonObject before = replayed.put(id, data);
          assertThat(before).as("updated after its creation: %s", event).isNotNull();
          assertThat(data.getLong("version")).isEqualTo(before.getLong("version") + 1);
        }
        case "book.deleted" -> assertThat(replayed.remove(id)).as("deleted once: %s", event).isNotNull();
        default -> throw new AssertionError("unexpected event " + event);
      }
    }
    JsonArray table = new JsonArray(cluster.sql("SELECT coalesce(json_agg(json_build_object('id', id, 'title', title,"
        + " 'author', author, 'year', year, 'createdAt', created_at, 'updatedAt', updated_at, 'version', version)"
        + " ORDER BY id), '[]') FROM books"));
    assertThat(table.size()).isEqualTo(replayed.size());
    table.forEach(row -> assertThat(replayed.get(((JsonObject) row).getLong("id"))).isEqualTo(row));
    return counter;
  }

  /** Each 2xx create or patch answered a version that some event carries: nothing answered was lost. */
  static void assertEveryAnswerHasItsEvent(Cluster cluster, List<WriteLoad.Outcome> outcomes) {
    JsonArray pairs = new JsonArray(cluster.sql("SELECT coalesce(json_agg((data::json->>'id') || '@' || (data::json->>'version')),"
        + " '[]') FROM events WHERE type IN ('book.created', 'book.updated')"));
    Set<Object> published = new HashSet<>(pairs.getList());
    for (WriteLoad.Outcome o : outcomes) {
      if (o.ok() && !o.op().equals("delete")) {
        assertThat(published).as("event for %s", o).contains(o.id() + "@" + o.version());
      }
    }
  }
}
