package dev.shelf.http;

import dev.shelf.model.Field;
import dev.shelf.model.FieldError;
import dev.shelf.model.InvalidRowsException;
import dev.shelf.model.RecordInput;
import dev.shelf.model.Resource;
import dev.shelf.model.RowError;
import dev.shelf.model.ValidationException;
import dev.shelf.storage.RecordStore;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * {@code POST /books/import}: many records at once, as CSV ({@code text/csv}, a header row naming
 * the columns) or as a JSON array of objects. Every row is validated like a single create; when
 * any is invalid nothing is stored and the answer names the rows and their fields (the first
 * {@value #MAX_REPORTED} of them). Otherwise storage inserts all rows in one transaction.
 */
final class Importer {

  static final int MAX_REPORTED = 100;

  private final Vertx vertx;
  private final RecordStore storage;
  private final Resource resource;

  /** {@code POST /books/import}, its body read up to {@code bodyLimit} bytes. */
  void mount(RouteTable routes, long bodyLimit) {
    routes.add(HttpMethod.POST, "/" + resource.name() + "/import", reader(BodyHandler.create(false).setBodyLimit(bodyLimit)),
        this::handle);
  }

  Importer(Vertx vertx, RecordStore storage, Resource resource) {
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
   * it runs on a worker thread; the event loop only hands the result to storage and answers.
   */
  void handle(RoutingContext ctx) {
    String type = ctx.request().getHeader("Content-Type");
    boolean csv = type != null && isCsv(type);
    vertx.executeBlocking(() -> validRows(ctx, csv), false)
        .compose(valid -> storage.importMany(resource, valid))
        .onSuccess(imported -> Responses.json(ctx, 201, new JsonObject().put("imported", imported)))
        .onFailure(ctx::fail);
  }

  private List<JsonObject> validRows(RoutingContext ctx, boolean csv) {
    List<Object> rows = csv ? csvRows(ctx) : jsonRows(ctx);
    if (rows.isEmpty()) {
      throw ProblemException.badRequest("there are no rows to import");
    }
    return validate(rows);
  }

  private List<JsonObject> validate(List<Object> rows) {
    List<JsonObject> valid = new ArrayList<>(rows.size());
    List<RowError> invalid = new ArrayList<>();
    int invalidCount = 0;
    for (int i = 0; i < rows.size(); i++) {
      List<FieldError> errors;
      if (rows.get(i) instanceof JsonObject record) {
        try {
          valid.add(RecordInput.validate(resource, record, RecordInput.Mode.FULL));
          continue;
        } catch (ValidationException e) {
          errors = e.errors();
        }
      } else if (rows.get(i) instanceof FieldError error) {
        errors = List.of(error);
      } else {
        errors = List.of(new FieldError("(row)", "must be a JSON object"));
      }
      invalidCount++;
      if (invalid.size() < MAX_REPORTED) {
        invalid.add(new RowError(i + 1, errors));
      }
    }
    if (invalidCount > 0) {
      throw new InvalidRowsException(invalid, invalidCount, rows.size());
    }
    return valid;
  }

  private static List<Object> jsonRows(RoutingContext ctx) {
    String text = JsonBodies.text(ctx);
    Object value;
    try {
      value = Json.decodeValue(text);
    } catch (DecodeException e) {
      throw ProblemException.badRequest("the body is not valid JSON");
    }
    if (!(value instanceof JsonArray array)) {
      throw ProblemException.badRequest("a JSON import must be an array of objects");
    }
    List<Object> rows = new ArrayList<>();
    for (int i = 0; i < array.size(); i++) {
      rows.add(array.getValue(i));
    }
    return rows;
  }

  /** Each data row becomes a JSON object with the header's names, its year read as a number. */
  private List<Object> csvRows(RoutingContext ctx) {
    List<List<String>> records = new ArrayList<>(Csv.parse(JsonBodies.text(ctx)));
    // Blank lines at the end (editors and spreadsheets leave them) are not rows.
    while (!records.isEmpty() && records.get(records.size() - 1).equals(List.of(""))) {
      records.remove(records.size() - 1);
    }
    if (records.isEmpty()) {
      return List.of();
    }
    List<String> header = checkHeader(records.get(0));
    List<Object> rows = new ArrayList<>();
    for (List<String> values : records.subList(1, records.size())) {
      if (values.size() != header.size()) {
        rows.add(new FieldError("(row)", "has " + values.size() + " value(s); the header has " + header.size() + " column(s)"));
        continue;
      }
      JsonObject record = new JsonObject();
      for (int c = 0; c < header.size(); c++) {
        record.put(header.get(c), typed(header.get(c), values.get(c)));
      }
      rows.add(record);
    }
    return rows;
  }

  private List<String> checkHeader(List<String> header) {
    List<String> names = header.stream().map(String::strip).toList();
    Set<String> seen = new HashSet<>();
    for (String name : names) {
      if (resource.field(name).isEmpty() && !RecordInput.SERVER_FIELDS.contains(name)) {
        throw ProblemException.badRequest("the CSV header names an unknown column '" + name + "'; the columns of a "
            + resource.singular() + " are " + String.join(", ", resource.fields().stream().map(Field::name).toList()));
      }
      if (!seen.add(name)) {
        throw ProblemException.badRequest("the CSV header names the column '" + name + "' twice");
      }
    }
    return names;
  }

  /** CSV has only text: an empty year is null, digits are a number, anything else is left for validation to refuse. */
  private Object typed(String column, String value) {
    boolean year = resource.field(column).map(f -> f.kind() == Field.Kind.YEAR).orElse(false);
    if (!year) {
      return value;
    }
    String v = value.strip();
    if (v.isEmpty()) {
      return null;
    }
    return v.matches("-?\\d{1,9}") ? (Object) Integer.parseInt(v) : value;
  }

  private static boolean isCsv(String contentType) {
    return contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT).equals("text/csv");
  }
}
