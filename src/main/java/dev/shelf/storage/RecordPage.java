package dev.shelf.storage;

import java.util.List;

/** One page of a list: at most the query's limit of records, and whether more follow. */
public record RecordPage(List<StoredRecord> items, boolean hasMore) {
}
