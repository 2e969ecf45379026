package dev.shelf.client;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The calls on one collection, {@code /books} or {@code /movies}. Every method returns at once;
 * its future completes when Shelf answers: with the record for a 2xx, with a
 * {@link ShelfProblemException} for a problem answer, or with the I/O failure when there was none.
 * A write that succeeds is committed.
 *
 * @param <T> {@link Book} or {@link Movie}
 */
public final class ResourceClient<T extends ShelfRecord> {

  private final Api api;
  private final String path;
  private final Function<JsonObject, T> decode;

  ResourceClient(Api api, String collection, Function<JsonObject, T> decode) {
    this.api = api;
    this.path = "/" + collection;
    this.decode = decode;
  }

  /** The first page of records matching {@code query}; the page leads to the next ones. */
  public Future<Page<T>> list(Query query) {
    return page(query, null);
  }

  public Future<T> get(long id) {
    return record(api.request(HttpMethod.GET, one(id), Map.of(), null), null);
  }

  /** Stores a new record made from the draft's client fields; answers it with its id and version. */
  public Future<T> create(T draft) {
    return record(api.request(HttpMethod.POST, path, Map.of(), null), draft.toJson());
  }

  /** Replaces every client field of record {@code id} with the draft's (a null year clears it). */
  public Future<T> replace(long id, T draft) {
    return replace(id, draft, null);
  }

  /** Like {@link #replace(long, ShelfRecord)}, only if the record is still at the expected version. */
  public Future<T> replace(long id, T draft, IfMatch ifMatch) {
    return record(api.request(HttpMethod.PUT, one(id), Map.of(), ifMatch), draft.toJson());
  }

  /** Changes only the fields in the patch. */
  public Future<T> patch(long id, Patch patch) {
    return patch(id, patch, null);
  }

  /** Like {@link #patch(long, Patch)}, only if the record is still at the expected version. */
  public Future<T> patch(long id, Patch patch, IfMatch ifMatch) {
    return record(api.request(HttpMethod.PATCH, one(id), Map.of(), ifMatch), patch.fields());
  }

  public Future<Void> delete(long id) {
    return delete(id, null);
  }

  /** Like {@link #delete(long)}, only if the record is still at the expected version. */
  public Future<Void> delete(long id, IfMatch ifMatch) {
    return api.noContent(api.request(HttpMethod.DELETE, one(id), Map.of(), ifMatch));
  }

  /** Deletes every record whose title is exactly {@code title}; answers how many there were. */
  public Future<Integer> deleteByTitle(String title) {
    return api.json(api.request(HttpMethod.DELETE, path, Map.of("title", title), null), null)
        .map(answer -> answer.getInteger("deleted"));
  }

  private Future<Page<T>> page(Query query, String cursor) {
    Map<String, String> params = query.params();
    if (cursor != null) {
      params.put("cursor", cursor);
    }
    return api.json(api.request(HttpMethod.GET, path, params, null), null).map(answer -> {
      List<T> items = new ArrayList<>();
      JsonArray array = answer.getJsonArray("items");
      for (int i = 0; i < array.size(); i++) {
        items.add(decode.apply(array.getJsonObject(i)));
      }
      return new Page<>(items, answer.getString("next"), next -> page(query, next));
    });
  }

  private Future<T> record(HttpRequest<Buffer> request, JsonObject body) {
    return api.json(request, body).map(decode);
  }

  private String one(long id) {
    return path + "/" + id;
  }
}
