package dev.shelf.storage;

import dev.shelf.model.ListQuery;
import dev.shelf.model.Resource;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * The store of books and movies: the one seam between the HTTP side and whatever keeps the
 * records. The SQLite store implements it on the storage worker; {@link BusStore} implements it
 * for the HTTP side by sending each call over the event bus to a store that {@link StoreBinding}
 * exposes there, so an event loop never runs a query.
 *
 * <p>Every future completes only once the change is committed. Failures are {@link StoreException}s
 * whose {@link StoreException.Kind} says what went wrong; the HTTP side maps them to statuses in
 * one place. Each committed change is published as numbered events on {@link ChangeEvents#ADDRESS}
 * (see there) before its future completes.
 *
 * <p>Values handed to {@code create}, {@code update} and {@code importMany} have been validated
 * ({@code RecordInput}); the store only refuses what its constraints refuse ({@code CONFLICT}).
 */
public interface RecordStore {

  /**
   * Rows per staged write of an import. Measured on SQLite on a busy 2-core machine (full-text
   * index with prefixes): 2,000 rows took 450 ms of the writer on average (up to 1.6 s), 500 rows
   * about a quarter of that, short enough that other writes waiting between chunks stay well
   * under a second.
   */
  int IMPORT_CHUNK = 500;

  /** The record, or {@code NOT_FOUND}. */
  Future<StoredRecord> get(Resource resource, long id);

  /** One page in the query's order, after its cursor; {@code hasMore} says whether a next page exists. */
  Future<RecordPage> list(Resource resource, ListQuery query);

  /** Stores a new record at version 1 and answers it as stored. */
  Future<StoredRecord> create(Resource resource, JsonObject values);

  /**
   * Sets the fields present in {@code values} (all of them for a replace, some for a patch), bumps
   * the version and answers the stored record. With {@code expectedVersion}, only if the record is
   * still at that version, else {@code VERSION_MISMATCH} carrying the current one. No fields: no
   * change, the current record is answered (still checked against {@code expectedVersion}).
   */
  Future<StoredRecord> update(Resource resource, long id, JsonObject values, OptionalLong expectedVersion);

  /** Deletes one record; {@code NOT_FOUND}, or {@code VERSION_MISMATCH} as for {@link #update}. */
  Future<Void> delete(Resource resource, long id, OptionalLong expectedVersion);

  /** Deletes every record whose title is exactly {@code title}; answers how many. */
  Future<Integer> deleteMatching(Resource resource, String title);

  /**
   * Stores every row, or none of them; answers how many. Runs as a staged import (below), a chunk
   * of {@value #IMPORT_CHUNK} rows per write, so a big import never holds the writer for long.
   */
  default Future<Integer> importMany(Resource resource, List<JsonObject> rows) {
    return StagedImport.all(this, resource, rows);
  }

  /**
   * Opens an import: its rows go in by {@link #stageImport} a chunk at a time, each chunk one short
   * write of its own so other writes run in between, and stay invisible to every read and change
   * until {@link #commitImport} shows them all at once. Answers the import's id.
   */
  Future<Long> beginImport(Resource resource);

  /** Inserts one chunk of the import, hidden, in one write; all of the chunk or none of it. */
  Future<Void> stageImport(Resource resource, long importId, List<JsonObject> rows);

  /**
   * Makes every staged row visible in one short write (version 1) and publishes ONE
   * {@code imported} event with the count and the lowest and highest id (other writes may have
   * taken ids in between); answers the count. {@code INVALID} for an import that is not open.
   */
  Future<Integer> commitImport(Resource resource, long importId);

  /** Removes the staged rows (a chunk per write); nothing was ever visible. An unknown id is no-op. */
  Future<Void> abortImport(Resource resource, long importId);

  /**
   * Runs every operation in order in one write transaction: all of them are applied, or none.
   * Reads see the batch's earlier writes. Answers one result per operation; the first failing
   * operation fails the whole batch with its {@link StoreException}, whose
   * {@link StoreException#operation()} is its index. One event per changed record, in the order
   * of the operations, all published after the commit.
   */
  Future<List<BatchResult>> batch(List<BatchOp> ops);

  /** A real read of the store (so a broken database fails it); answers its schema version. */
  Future<Integer> ping();

  /** The number of records of each resource. */
  Future<Map<Resource, Long>> rowCounts();

  /** A consistent copy of the whole store in a new file in {@code dir}, taken while serving. */
  Future<BackupCopy> backup(String dir);

  /** The id of the newest committed change event, 0 before the first. */
  Future<Long> lastEventId();

  /**
   * The change events after {@code id} that the store still holds, oldest first, at most
   * {@code max}, none past {@link #lastEventId()}: what a client that saw event {@code id} missed.
   * When the first is not {@code id + 1}, the ones between were pruned. A store that keeps no
   * history of its events (SQLite: its clients resume from the HTTP side's buffer only) answers none.
   */
  Future<List<JsonObject>> eventsAfter(long id, int max);
}
