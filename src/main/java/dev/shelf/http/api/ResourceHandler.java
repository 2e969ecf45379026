package dev.shelf.http.api;

import static io.vertx.core.http.HttpMethod.DELETE;
import static io.vertx.core.http.HttpMethod.GET;
import static io.vertx.core.http.HttpMethod.PATCH;
import static io.vertx.core.http.HttpMethod.POST;
import static io.vertx.core.http.HttpMethod.PUT;

import dev.shelf.config.HttpConfig;
import dev.shelf.http.Etags;
import dev.shelf.http.Responses;
import dev.shelf.http.RouteTable;
import dev.shelf.model.Cursor;
import dev.shelf.model.ListQuery;
import dev.shelf.model.RecordInput;
import dev.shelf.model.Resource;
import dev.shelf.storage.RecordStore;
import dev.shelf.storage.StoredRecord;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.List;

/**
 * The REST handlers of one resource (books or movies): check the request, ask storage over the
 * event bus, answer. Failures go to {@link Problems} through {@code ctx.fail}.
 */
public final class ResourceHandler {

  private final RecordStore storage;
  private final Resource resource;
  private final ListQueries listQueries;
  private final ResourceRequests requests;
  private final ConditionalChange ifMatch;
  private final CsvExport csv;
  private final Handler<RoutingContext> jsonBody;

  public ResourceHandler(RecordStore storage, Resource resource, HttpConfig http) {
    this.storage = storage;
    this.ifMatch = new ConditionalChange(http.requireIfMatch(), resource);
    this.resource = resource;
    this.listQueries = new ListQueries(resource);
    this.requests = new ResourceRequests(resource);
    this.csv = new CsvExport(storage, resource);
    this.jsonBody = JsonBodies.reader(BodyHandler.create(false).setBodyLimit(http.bodyLimit()));
  }

  /** The collection ({@code /books}) and its records ({@code /books/:id}). */
  public void mount(RouteTable routes) {
    String all = "/" + resource.name();
    String one = all + "/:id";
    routes
        .add(GET, all, this::list)
        .add(POST, all, jsonBody, this::create)
        .add(DELETE, all, jsonBody, this::deleteMatching)
        .add(GET, one, this::get)
        .add(PUT, one, jsonBody, this::replace)
        .add(PATCH, one, jsonBody, this::patch)
        .add(DELETE, one, this::delete);
  }

  /** A page of JSON, or every matching row as CSV when asked for (see {@link CsvExport}). */
  void list(RoutingContext ctx) {
    ListQuery query = listQueries.parse(ctx.queryParams());
    ctx.response().putHeader("Vary", "Accept");
    if (CsvExport.requested(ctx)) {
      csv.stream(ctx, query);
      return;
    }
    storage.list(resource, query).onSuccess(page -> {
      List<StoredRecord> items = page.items();
      String next = page.hasMore() ? Cursor.encode(page.nextAfter(query), listQueries.fingerprint(query)) : null;
      Responses.json(ctx, 200, pageBody(items, next));
    }).onFailure(ctx::fail);
  }

  /**
   * {@code {"items":[…],"next":…}} from the records as the store encoded them: the same bytes as
   * encoding the whole page here, without encoding 20 records on the event loop.
   */
  private static Buffer pageBody(List<StoredRecord> items, String next) {
    int size = 32;
    for (StoredRecord item : items) {
      size += item.body().length() + 1;
    }
    Buffer body = Buffer.buffer(size).appendString("{\"items\":[");
    for (int i = 0; i < items.size(); i++) {
      if (i > 0) {
        body.appendByte((byte) ',');
      }
      body.appendBuffer(items.get(i).body());
    }
    return body.appendString("],\"next\":").appendString(Json.encode(next)).appendByte((byte) '}');
  }

  void get(RoutingContext ctx) {
    storage.get(resource, idOf(ctx)).onSuccess(record -> {
      String ifNoneMatch = ctx.request().getHeader("If-None-Match");
      if (ifNoneMatch != null && Etags.noneMatchHits(ifNoneMatch, record.version())) {
        ctx.response().putHeader("ETag", Etags.of(record.version())).setStatusCode(304).end();
      } else {
        sendRecord(ctx, 200, record);
      }
    }).onFailure(ctx::fail);
  }

  void create(RoutingContext ctx) {
    JsonObject values = RecordInput.validate(resource, JsonBodies.object(ctx), RecordInput.Mode.FULL);
    storage.create(resource, values).onSuccess(record -> {
      ctx.response().putHeader("Location", "/" + resource.name() + "/" + record.id());
      sendRecord(ctx, 201, record);
    }).onFailure(ctx::fail);
  }

  void replace(RoutingContext ctx) {
    change(ctx, RecordInput.Mode.FULL);
  }

  void patch(RoutingContext ctx) {
    change(ctx, RecordInput.Mode.PARTIAL);
  }

  private void change(RoutingContext ctx, RecordInput.Mode mode) {
    long id = idOf(ctx);
    Etags.Condition condition = ifMatch.read(ctx.request().getHeader("If-Match"));
    JsonObject values = RecordInput.validate(resource, JsonBodies.object(ctx), mode);
    ifMatch.run(condition, expected -> storage.update(resource, id, values, expected))
        .onSuccess(record -> sendRecord(ctx, 200, record))
        .onFailure(ctx::fail);
  }

  void delete(RoutingContext ctx) {
    long id = idOf(ctx);
    ifMatch.run(ifMatch.read(ctx.request().getHeader("If-Match")), expected -> storage.delete(resource, id, expected))
        .onSuccess(deleted -> ctx.response().setStatusCode(204).end())
        .onFailure(ctx::fail);
  }

  private static void sendRecord(RoutingContext ctx, int status, StoredRecord record) {
    ctx.response().putHeader("ETag", Etags.of(record.version()));
    Responses.json(ctx, status, record.body());
  }

  /** {@code DELETE /books?title=…}, or the same filter as a JSON body; never without a filter. */
  void deleteMatching(RoutingContext ctx) {
    String title = requests.deleteTitle(ctx.queryParams(),
        ctx.queryParams().isEmpty() ? JsonBodies.optionalObject(ctx) : null);
    storage.deleteMatching(resource, title)
        .onSuccess(deleted -> Responses.json(ctx, 200, new JsonObject().put("deleted", deleted)))
        .onFailure(ctx::fail);
  }

  private long idOf(RoutingContext ctx) {
    return requests.id(ctx.pathParam("id"));
  }
}
