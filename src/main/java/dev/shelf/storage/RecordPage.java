package dev.shelf.storage;

import dev.shelf.model.ListQuery;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * One page of a list: at most the query's limit of records, and whether more follow.
 *
 * @param lastKey the key of the last item as the store ordered it ({@code value}, {@code id}), when
 *     the record alone cannot give it (a relevance rank); else null
 */
public record RecordPage(List<StoredRecord> items, boolean hasMore, JsonObject lastKey) {

  public RecordPage(List<StoredRecord> items, boolean hasMore) {
    this(items, hasMore, null);
  }

  /** Where the page after this one starts; null on an empty page. */
  public JsonObject nextAfter(ListQuery query) {
    if (lastKey != null || items.isEmpty()) {
      return lastKey;
    }
    return query.keyOf(items.get(items.size() - 1).json());
  }
}
