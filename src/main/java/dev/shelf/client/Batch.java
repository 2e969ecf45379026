package dev.shelf.client;

import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Calls gathered for {@code POST /batch}: nothing is sent until {@link #commit()}, which has the
 * server apply them in order in one transaction, all of them or none.
 *
 * <pre>{@code
 * shelf.batch().create(Book.of("Emma", "Jane Austen", 1815))
 *     .patch("books", 3, new JsonObject().put("year", 1966), IfMatch.version(2))
 *     .deleteByTitle("movies", "Alien")
 *     .commit()                       // Future<List<Batch.Result>>, one per call
 *     .onFailure(e -> ...);           // a ShelfProblemException: nothing was applied
 * }</pre>
 *
 * When a call fails, the batch fails with a {@link ShelfProblemException} of that call's status
 * whose detail names it ("operation 2 failed (…)").
 */
public final class Batch {

  /** What one call answered, as it would have on its own: status, headers (ETag, Location) and body (null for 204). */
  public record Result(int status, Map<String, String> headers, JsonObject body) {
  }

  private final Api api;
  private final JsonArray operations = new JsonArray();

  Batch(Api api) {
    this.api = api;
  }

  /** {@code POST /books} or {@code /movies}, by the record's kind. */
  public Batch create(ShelfRecord record) {
    return operation("POST", "/" + collection(record), null, record.toJson());
  }

  /** {@code PATCH /<collection>/<id>} with the fields to change; {@code ifMatch} may be null. */
  public Batch patch(String collection, long id, JsonObject changes, IfMatch ifMatch) {
    return operation("PATCH", "/" + collection + "/" + id, ifMatch, changes);
  }

  /** {@code DELETE /<collection>/<id>}; {@code ifMatch} may be null. */
  public Batch delete(String collection, long id, IfMatch ifMatch) {
    return operation("DELETE", "/" + collection + "/" + id, ifMatch, null);
  }

  /** {@code DELETE /<collection>} of every record with exactly this title. */
  public Batch deleteByTitle(String collection, String title) {
    return operation("DELETE", "/" + collection, null, new JsonObject().put("title", title));
  }

  /** {@code GET /<collection>/<id>}: read inside the transaction, seeing the batch's earlier changes. */
  public Batch get(String collection, long id) {
    return operation("GET", "/" + collection + "/" + id, null, null);
  }

  /** Any call the batch takes, by method and path (with its query string). */
  public Batch operation(String method, String path, IfMatch ifMatch, JsonObject body) {
    JsonObject operation = new JsonObject().put("method", method).put("path", path);
    if (ifMatch != null) {
      operation.put("headers", new JsonObject().put("If-Match", ifMatch.etag()));
    }
    operations.add(body == null ? operation : operation.put("body", body));
    return this;
  }

  public int size() {
    return operations.size();
  }

  /** Sends the calls as one {@code POST /batch}; succeeds with one result per call once all are committed. */
  public Future<List<Result>> commit() {
    JsonObject body = new JsonObject().put("operations", operations.copy());
    return api.json(api.request(HttpMethod.POST, "/batch", Map.of(), null), body).map(answer -> {
      List<Result> results = new ArrayList<>();
      for (Object each : answer.getJsonArray("results")) {
        JsonObject result = (JsonObject) each;
        Map<String, String> headers = new LinkedHashMap<>();
        result.getJsonObject("headers").forEach(header -> headers.put(header.getKey(), (String) header.getValue()));
        results.add(new Result(result.getInteger("status"), Map.copyOf(headers), result.getJsonObject("body")));
      }
      return List.copyOf(results);
    });
  }

  private static String collection(ShelfRecord record) {
    return record instanceof Book ? "books" : "movies";
  }
}
