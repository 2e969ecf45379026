package dev.shelf.http.api;

import dev.shelf.http.Etags;
import dev.shelf.model.Cursor;
import dev.shelf.model.ListQuery;
import dev.shelf.storage.BatchOp;
import dev.shelf.storage.BatchResult;
import dev.shelf.storage.StoredRecord;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * One operation of {@code POST /batch} once read: what the store is asked ({@code op}), and what
 * the single call would have answered for its result, as {@code {"status","headers","body"}}.
 *
 * @param ifMatch the If-Match rules of its resource, for a failure to map as the single call's would
 * @param anyVersion whether it came with {@code If-Match: *} (a missing record is then 412)
 * @param ifNoneMatch the If-None-Match of a GET of one record, or null
 * @param cursorFingerprint for a list, what its next-page cursor is bound to; else null
 */
record BatchOperation(BatchOp op, ConditionalChange ifMatch, boolean anyVersion, String ifNoneMatch,
    String cursorFingerprint) {

  /** The failure of this operation as the single call would have answered it. */
  Throwable asSingleCall(Throwable failure) {
    return anyVersion ? ifMatch.missingUnderStar(failure) : failure;
  }

  JsonObject answer(BatchResult result) {
    String collection = "/" + op.resource().name();
    if (result instanceof BatchResult.Page page) {
      ListQuery query = ((BatchOp.ListRecords) op).query();
      String next = page.page().hasMore() ? Cursor.encode(page.page().nextAfter(query), cursorFingerprint) : null;
      JsonArray items = new JsonArray(page.page().items().stream().map(StoredRecord::json).toList());
      return answer(200, new JsonObject(), new JsonObject().put("items", items).put("next", next));
    }
    if (result instanceof BatchResult.Count count) {
      return answer(200, new JsonObject(), new JsonObject().put("deleted", count.count()));
    }
    if (result instanceof BatchResult.Deleted) {
      return answer(204, new JsonObject(), null);
    }
    StoredRecord record = ((BatchResult.Record) result).record();
    JsonObject headers = new JsonObject().put("ETag", Etags.of(record.version()));
    if (op instanceof BatchOp.Create) {
      return answer(201, headers.put("Location", collection + "/" + record.id()), record.json());
    }
    if (ifNoneMatch != null && Etags.noneMatchHits(ifNoneMatch, record.version())) {
      return answer(304, headers, null);
    }
    return answer(200, headers, record.json());
  }

  private static JsonObject answer(int status, JsonObject headers, JsonObject body) {
    JsonObject answer = new JsonObject().put("status", status).put("headers", headers);
    return body == null ? answer : answer.put("body", body);
  }
}
