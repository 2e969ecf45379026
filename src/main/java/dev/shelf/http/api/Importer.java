package dev.shelf.http.api;

import dev.shelf.http.ProblemException;
import dev.shelf.http.Responses;
import dev.shelf.http.RouteTable;
import dev.shelf.model.Resource;
import dev.shelf.storage.RecordStore;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.Locale;

/**
 * {@code POST /books/import}: many records at once, as CSV ({@code text/csv}, a header row naming
 * the columns) or as a JSON array of objects. Every row is validated like a single create; when
 * any is invalid nothing is stored and the answer names the rows and their fields (the first
 * {@value ImportValidation#MAX_REPORTED} of them). Otherwise the rows are stored a chunk at a time,
 * hidden until the last one is in, and then shown all at once ({@link ImportRun}).
 */
public final class Importer {

  private final Vertx vertx;
  private final RecordStore storage;
  private final Resource resource;

  /** {@code POST /books/import}, its body read up to {@code bodyLimit} bytes. */
  public void mount(RouteTable routes, long bodyLimit) {
    routes.add(HttpMethod.POST, "/" + resource.name() + "/import", reader(BodyHandler.create(false).setBodyLimit(bodyLimit)),
        this::handle);
  }

  public Importer(Vertx vertx, RecordStore storage, Resource resource) {
    this.vertx = vertx;
    this.storage = storage;
    this.resource = resource;
  }

  /** CSV or JSON only: anything else is 415 before a byte of the body is read; then {@code body} buffers it. */
  static Handler<RoutingContext> reader(BodyHandler body) {
    return ctx -> {
      String type = ctx.request().getHeader("Content-Type");
      if (type == null || isCsv(type) || JsonBodies.isJson(type)) {
        body.handle(ctx);
      } else {
        ctx.fail(new ProblemException(415, "imports are CSV (text/csv) or a JSON array (application/json), not " + type));
      }
    };
  }

  /**
   * Parsing and validating a body of up to {@code http.importBodyLimit} bytes is real CPU work, so
   * it runs on a worker thread, a chunk at a time; the event loop only hands each chunk to storage
   * and answers.
   */
  void handle(RoutingContext ctx) {
    String type = ctx.request().getHeader("Content-Type");
    boolean csv = type != null && isCsv(type);
    Buffer body = ctx.body().buffer() == null ? Buffer.buffer() : ctx.body().buffer();
    new ImportRun(vertx, storage, resource, () -> ctx.response().closed())
        .run(() -> rows(body, csv))
        .onSuccess(imported -> Responses.json(ctx, 201, new JsonObject().put("imported", imported)))
        .onFailure(ctx::fail);
  }

  /** The rows of the body, validated as they are read. */
  private ImportValidation rows(Buffer body, boolean csv) {
    ImportRows rows = csv ? CsvRows.open(resource, body) : new JsonRows(resource, body);
    if (rows == null) {
      throw ProblemException.badRequest("there are no rows to import");
    }
    return new ImportValidation(resource, rows);
  }

  private static boolean isCsv(String contentType) {
    return contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT).equals("text/csv");
  }
}
