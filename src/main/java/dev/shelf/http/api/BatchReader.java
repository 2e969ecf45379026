package dev.shelf.http.api;

import dev.shelf.http.Etags;
import dev.shelf.http.PercentDecoding;
import dev.shelf.http.ProblemException;
import dev.shelf.model.ListQuery;
import dev.shelf.model.RecordInput;
import dev.shelf.model.Resource;
import dev.shelf.storage.BatchOp;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the body of {@code POST /batch} into {@link BatchOperation}s, checking each operation
 * exactly as its single call checks itself (the same {@link RecordInput}, {@link ListQueries},
 * {@link ResourceRequests} and {@link ConditionalChange}). Only the API's reads and writes of the
 * collections and their records may be inside: no batch, import, admin or event stream. A failure
 * of the whole shape is a {@link ProblemException}; one of an operation an {@link OperationRefused}.
 */
final class BatchReader {

  /** Operation {@code index} is refused; {@code cause} is what its single call would have failed with. */
  static final class OperationRefused extends RuntimeException {
    final int index;

    OperationRefused(int index, Throwable cause) {
      super(cause.getMessage(), cause, false, false);
      this.index = index;
    }
  }

  private static final Pattern API_PATH = Pattern.compile("/([a-z]+)(?:/([^/]*))?");
  private static final Set<String> OPERATION_MEMBERS = Set.of("method", "path", "headers", "body");
  private static final Set<String> ON_COLLECTION = Set.of("GET", "POST", "DELETE");
  private static final Set<String> ON_RECORD = Set.of("GET", "PUT", "PATCH", "DELETE");
  private static final Set<String> HEADERS = Set.of("if-match", "if-none-match", "content-type");

  private record Parts(Resource resource, ListQueries lists, ResourceRequests requests, ConditionalChange ifMatch) {
  }

  private final Map<String, Parts> byCollection = new LinkedHashMap<>();
  private final int max;

  BatchReader(int max, boolean requireIfMatch) {
    this.max = max;
    for (Resource resource : Resource.ALL) {
      byCollection.put(resource.name(), new Parts(resource, new ListQueries(resource), new ResourceRequests(resource),
          new ConditionalChange(requireIfMatch, resource)));
    }
  }

  List<BatchOperation> read(JsonObject body) {
    if (!body.fieldNames().equals(Set.of("operations")) || !(body.getValue("operations") instanceof JsonArray ops)) {
      throw ProblemException.badRequest("a batch is {\"operations\":[…]}, with nothing else beside it");
    }
    if (ops.isEmpty() || ops.size() > max) {
      throw ProblemException.badRequest("a batch carries from 1 to " + max + " operations (got " + ops.size() + ")");
    }
    List<BatchOperation> read = new ArrayList<>(ops.size());
    for (int i = 0; i < ops.size(); i++) {
      try {
        read.add(operation(ops.getValue(i)));
      } catch (RuntimeException e) {
        throw new OperationRefused(i, e);
      }
    }
    return read;
  }

  private BatchOperation operation(Object value) {
    if (!(value instanceof JsonObject op) || !(op.getValue("method") instanceof String method)
        || !(op.getValue("path") instanceof String target)) {
      throw ProblemException.badRequest("an operation is {\"method\":…,\"path\":…} with optional headers and body");
    }
    List<String> unknown = op.fieldNames().stream().filter(name -> !OPERATION_MEMBERS.contains(name)).toList();
    if (!unknown.isEmpty()) {
      throw ProblemException.badRequest("unknown member(s) " + unknown + " in an operation; known: method, path, headers, body");
    }
    Map<String, String> headers = headers(op.getValue("headers"));
    Object body = op.getValue("body");
    if (body != null && !(body instanceof JsonObject)) {
      throw ProblemException.badRequest("the body must be a JSON object");
    }
    return operation(method.toUpperCase(Locale.ROOT), target, headers, (JsonObject) body);
  }

  private BatchOperation operation(String method, String target, Map<String, String> headers, JsonObject body) {
    int question = target.indexOf('?');
    String rawPath = question < 0 ? target : target.substring(0, question);
    String path = PercentDecoding.decode(rawPath);
    Matcher m = path == null ? null : API_PATH.matcher(path);
    Parts parts = m != null && m.matches() ? byCollection.get(m.group(1)) : null;
    boolean one = parts != null && m.group(2) != null;
    boolean allowed = parts != null && (one ? ON_RECORD : ON_COLLECTION).contains(method);
    if (!allowed) {
      throw ProblemException.badRequest(method + " " + target + " is not allowed in a batch; only GET, POST, PUT, "
          + "PATCH and DELETE of " + String.join(", ", byCollection.keySet().stream().map(c -> "/" + c).toList())
          + " and their records");
    }
    HttpMethod verb = HttpMethod.valueOf(method);
    MultiMap query = query(question < 0 ? "" : target.substring(question + 1));
    Resource resource = parts.resource();
    String type = headers.get("content-type");
    if (type != null && !JsonBodies.isJson(type)) {
      throw new ProblemException(415, "request bodies must be JSON (application/json, +json or text/plain), not " + type);
    }
    if (!one) {
      return collection(verb, parts, query, body);
    }
    long id = parts.requests().id(m.group(2));
    if (verb == HttpMethod.GET) {
      return new BatchOperation(new BatchOp.Get(resource, id), parts.ifMatch(), false, headers.get("if-none-match"), null);
    }
    Etags.Condition condition = parts.ifMatch().read(headers.get("if-match"));
    List<Long> versions = ConditionalChange.versions(condition);
    boolean star = condition instanceof Etags.AnyVersion;
    if (verb == HttpMethod.DELETE) {
      return new BatchOperation(new BatchOp.Delete(resource, id, versions), parts.ifMatch(), star, null, null);
    }
    if (body == null) {
      throw ProblemException.badRequest("a JSON object body is required");
    }
    JsonObject values = RecordInput.validate(resource, body,
        verb == HttpMethod.PUT ? RecordInput.Mode.FULL : RecordInput.Mode.PARTIAL);
    return new BatchOperation(new BatchOp.Update(resource, id, values, versions), parts.ifMatch(), star, null, null);
  }

  private static BatchOperation collection(HttpMethod verb, Parts parts, MultiMap query, JsonObject body) {
    Resource resource = parts.resource();
    if (verb == HttpMethod.GET) {
      if ("csv".equals(query.get("format"))) {
        throw ProblemException.badRequest("CSV export is not available inside a batch; ask GET /"
            + resource.name() + "?format=csv on its own");
      }
      ListQuery list = parts.lists().parse(query);
      return new BatchOperation(new BatchOp.ListRecords(resource, list), parts.ifMatch(), false, null,
          parts.lists().fingerprint(list));
    }
    if (verb == HttpMethod.DELETE) {
      String title = parts.requests().deleteTitle(query, query.isEmpty() ? body : null);
      return new BatchOperation(new BatchOp.DeleteMatching(resource, title), parts.ifMatch(), false, null, null);
    }
    if (body == null) {
      throw ProblemException.badRequest("a JSON object body is required");
    }
    JsonObject values = RecordInput.validate(resource, body, RecordInput.Mode.FULL);
    return new BatchOperation(new BatchOp.Create(resource, values), parts.ifMatch(), false, null, null);
  }

  private static Map<String, String> headers(Object value) {
    if (value == null) {
      return Map.of();
    }
    if (!(value instanceof JsonObject given)) {
      throw ProblemException.badRequest("headers must be a JSON object of strings");
    }
    Map<String, String> headers = new LinkedHashMap<>();
    for (String name : given.fieldNames()) {
      String lower = name.toLowerCase(Locale.ROOT);
      if (!HEADERS.contains(lower) || !(given.getValue(name) instanceof String text)) {
        throw ProblemException.badRequest("header '" + name + "' is not taken in a batch (only If-Match, "
            + "If-None-Match and Content-Type, as strings)");
      }
      headers.put(lower, text);
    }
    return headers;
  }

  private static MultiMap query(String raw) {
    MultiMap query = MultiMap.caseInsensitiveMultiMap();
    if (raw.isEmpty()) {
      return query;
    }
    try {
      new QueryStringDecoder(raw, StandardCharsets.UTF_8, false).parameters().forEach(query::add);
    } catch (IllegalArgumentException e) {
      throw ProblemException.badRequest("the query string of the path could not be read (broken percent-escapes?)");
    }
    return query;
  }
}
