package dev.shelf.storage;

import dev.shelf.model.Resource;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.List;

/** {@link RecordStore#importMany} for rows already in memory: begin, stage a chunk at a time, commit; abort on failure. */
final class StagedImport {

  private StagedImport() {
  }

  static Future<Integer> all(RecordStore store, Resource resource, List<JsonObject> rows) {
    return store.beginImport(resource).compose(id -> stage(store, resource, id, rows, 0)
        .compose(staged -> store.commitImport(resource, id))
        .recover(e -> store.abortImport(resource, id).transform(aborted -> Future.<Integer>failedFuture(e))));
  }

  private static Future<Void> stage(RecordStore store, Resource resource, long id, List<JsonObject> rows, int from) {
    if (from >= rows.size()) {
      return Future.succeededFuture();
    }
    int to = Math.min(rows.size(), from + RecordStore.IMPORT_CHUNK);
    return store.stageImport(resource, id, rows.subList(from, to))
        .compose(staged -> stage(store, resource, id, rows, to));
  }
}
