package dev.shelf.http.api;

import dev.shelf.http.ProblemException;
import dev.shelf.model.Field;
import dev.shelf.model.ListQuery;
import dev.shelf.model.Resource;
import dev.shelf.storage.RecordPage;
import dev.shelf.storage.RecordStore;
import dev.shelf.storage.StoredRecord;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.MIMEHeader;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code GET /books?format=csv} (or {@code Accept: text/csv}): every record matching the filters,
 * in the list's order, as RFC 4180 CSV with a header row. Rows are fetched from storage a page at
 * a time with the list action's keyset cursor and written as chunks; the next page is asked for
 * only when the connection has taken the last one (back-pressure), so neither side ever holds more
 * than a page, whatever the size of the table.
 */
final class CsvExport {

  static final String CONTENT_TYPE = "text/csv; charset=utf-8; header=present";
  private static final int PAGE = ListQuery.MAX_LIMIT;

  private final RecordStore storage;
  private final Resource resource;

  CsvExport(RecordStore storage, Resource resource) {
    this.storage = storage;
    this.resource = resource;
  }

  /** {@code ?format=csv}, or no format and an Accept header that prefers text/csv to JSON. */
  static boolean requested(RoutingContext ctx) {
    String format = ctx.queryParams().get("format");
    if (format != null) {
      return format.equals("csv");
    }
    for (MIMEHeader accepted : ctx.parsedHeaders().accept()) {
      String type = accepted.component() + "/" + accepted.subComponent();
      if (type.equals("text/csv")) {
        return true;
      }
      if (type.equals("application/json") || type.equals("application/*") || type.equals("*/*")) {
        return false;
      }
    }
    return false;
  }

  void stream(RoutingContext ctx, ListQuery query) {
    if (ctx.queryParams().contains("limit") || ctx.queryParams().contains("cursor")) {
      throw ProblemException.badRequest("a CSV export streams every matching row: leave out limit and cursor");
    }
    ListQuery first = query.limit(PAGE).after(null);
    // The first page is fetched before the status is sent, so a failure there is still a clean problem+json.
    storage.list(resource, first).onSuccess(page -> {
      HttpServerResponse response = ctx.response()
          .setStatusCode(200)
          .setChunked(true)
          .putHeader("Content-Type", CONTENT_TYPE)
          .putHeader("Content-Disposition", "attachment; filename=\"" + resource.name() + ".csv\"");
      if (ctx.request().method() == HttpMethod.HEAD) {
        response.end();
        return;
      }
      response.write(Csv.record(columns()));
      write(ctx, first, page);
    }).onFailure(ctx::fail);
  }

  private void write(RoutingContext ctx, ListQuery query, RecordPage page) {
    HttpServerResponse response = ctx.response();
    if (response.closed()) {
      return;
    }
    List<StoredRecord> items = page.items();
    Buffer chunk = Buffer.buffer();
    for (StoredRecord item : items) {
      chunk.appendString(Csv.record(values(item.json())));
    }
    if (!page.hasMore()) {
      response.end(chunk);
      return;
    }
    response.write(chunk);
    ListQuery next = query.after(page.nextAfter(query));
    if (response.writeQueueFull()) {
      response.drainHandler(drained -> fetch(ctx, next));
    } else {
      fetch(ctx, next);
    }
  }

  private void fetch(RoutingContext ctx, ListQuery query) {
    if (ctx.response().closed()) {
      return;
    }
    storage.list(resource, query)
        .onSuccess(page -> write(ctx, query, page))
        // The status is already sent: Problems cuts the connection, so the client sees a broken download, not a short file.
        .onFailure(ctx::fail);
  }

  private List<String> columns() {
    List<String> names = new ArrayList<>(List.of("id"));
    resource.fields().forEach(field -> names.add(field.name()));
    names.addAll(List.of("createdAt", "updatedAt", "version"));
    return names;
  }

  private List<Object> values(JsonObject record) {
    List<Object> values = new ArrayList<>();
    values.add(record.getValue("id"));
    for (Field field : resource.fields()) {
      values.add(record.getValue(field.name()));
    }
    values.add(record.getValue("createdAt"));
    values.add(record.getValue("updatedAt"));
    values.add(record.getValue("version"));
    return values;
  }
}
