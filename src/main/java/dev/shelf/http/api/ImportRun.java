package dev.shelf.http.api;

import dev.shelf.http.ProblemException;
import dev.shelf.model.Resource;
import dev.shelf.storage.RecordStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.BooleanSupplier;

/**
 * One import request: a chunk of {@value #CHUNK} rows is read and validated off the event loop,
 * then staged by storage as one short write of its own (hidden from every read), and so on until
 * the last chunk; then one short write shows them all ({@link RecordStore#commitImport}). Other
 * clients' writes take their turns between chunks, and only one chunk of rows is in memory at a
 * time. On any failure (an invalid row in any chunk, a storage failure, the client gone) the
 * staged rows are removed before the answer goes out: from outside, all or nothing, as before.
 */
final class ImportRun {

  static final int CHUNK = RecordStore.IMPORT_CHUNK;

  private final Vertx vertx;
  private final RecordStore storage;
  private final Resource resource;
  private final BooleanSupplier clientGone;
  private Long importId;

  ImportRun(Vertx vertx, RecordStore storage, Resource resource, BooleanSupplier clientGone) {
    this.vertx = vertx;
    this.storage = storage;
    this.resource = resource;
    this.clientGone = clientGone;
  }

  /** Answers how many rows were imported; every failure comes after the staged rows were removed. */
  Future<Integer> run(Callable<ImportValidation> open) {
    return vertx.executeBlocking(open, false)
        .compose(this::next)
        .recover(failure -> importId == null ? Future.failedFuture(failure)
            : storage.abortImport(resource, importId).transform(aborted -> Future.failedFuture(failure)));
  }

  private Future<Integer> next(ImportValidation rows) {
    return vertx.executeBlocking(() -> rows.next(CHUNK), false).compose(chunk -> {
      if (clientGone.getAsBoolean()) {
        return Future.failedFuture(ProblemException.badRequest("the client went away before the import finished"));
      }
      if (chunk.isEmpty()) {
        return importId == null ? Future.succeededFuture(0) : storage.commitImport(resource, importId);
      }
      boolean last = chunk.size() < CHUNK;
      return stage(chunk).compose(staged -> last ? storage.commitImport(resource, importId) : next(rows));
    });
  }

  private Future<Void> stage(List<JsonObject> chunk) {
    Future<Long> id = importId != null ? Future.succeededFuture(importId)
        : storage.beginImport(resource).onSuccess(begun -> importId = begun);
    return id.compose(begun -> storage.stageImport(resource, begun, chunk));
  }
}
