package dev.shelf.storage;

import dev.shelf.model.ListQuery;
import dev.shelf.model.Resource;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * One operation of a {@link RecordStore#batch}: the store's single calls as values, so a batch
 * crosses the event bus as one list. Values are validated already, as for the single calls.
 * {@code expectedVersions} is what If-Match lists: the change applies only when the record is at
 * one of them, or at any version when it is empty.
 */
public sealed interface BatchOp {

  Resource resource();

  /** Whether the operation changes records (a batch of reads only needs no write token). */
  default boolean writes() {
    return true;
  }

  record Get(Resource resource, long id) implements BatchOp {
    @Override
    public boolean writes() {
      return false;
    }
  }

  record ListRecords(Resource resource, ListQuery query) implements BatchOp {
    @Override
    public boolean writes() {
      return false;
    }
  }

  record Create(Resource resource, JsonObject values) implements BatchOp {
  }

  record Update(Resource resource, long id, JsonObject values, List<Long> expectedVersions) implements BatchOp {
  }

  record Delete(Resource resource, long id, List<Long> expectedVersions) implements BatchOp {
  }

  record DeleteMatching(Resource resource, String title) implements BatchOp {
  }
}
