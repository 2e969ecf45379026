package dev.shelf.support;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.json.schema.Draft;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.JsonSchemaOptions;
import io.vertx.json.schema.OutputFormat;
import io.vertx.json.schema.OutputUnit;
import io.vertx.json.schema.SchemaRepository;
import io.vertx.openapi.contract.OpenAPIVersion;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The OpenAPI document as Shelf serves it ({@code /openapi.json}), checked against the OpenAPI 3.1 schema with
 * vertx-openapi, its references resolved, and used to check real responses: the status must be
 * declared for the operation, the Content-Type one of its media types, the required headers there,
 * and the body valid against the media type's JSON Schema (vertx-json-schema, draft 2020-12).
 *
 * <p>vertx-openapi's own {@code OpenAPIContract}/{@code ResponseValidator} are not used: they refuse
 * a document with media types they cannot parse (application/problem+json, text/csv, text/html).
 */
public final class ApiContract {

  private static final String BASE_URI = "app:///";
  private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options");

  /** One operation of the document. */
  public record Operation(String id, String method, String path, JsonObject model) {
  }

  private final SchemaRepository repository;
  private final Map<String, Operation> operations = new LinkedHashMap<>();
  private final JsonObject document;

  private ApiContract(SchemaRepository repository, JsonObject resolved, JsonObject document) {
    this.repository = repository;
    this.document = document;
    JsonObject paths = resolved.getJsonObject("paths");
    for (String path : paths.fieldNames()) {
      if (!path.startsWith("/")) {
        continue;
      }
      JsonObject item = paths.getJsonObject(path);
      for (String method : item.fieldNames()) {
        if (METHODS.contains(method)) {
          JsonObject model = item.getJsonObject(method);
          operations.put(model.getString("operationId"), new Operation(model.getString("operationId"), method, path, model));
        }
      }
    }
  }

  /** The document {@code shelf} serves at {@code /openapi.json}, validated and resolved (see {@link #load(Vertx, JsonObject)}). */
  public static ApiContract load(RunningShelf shelf) {
    HttpResponse<Buffer> served = shelf.get("/openapi.json");
    assertThat(served.statusCode()).as("GET /openapi.json").isEqualTo(200);
    return load(shelf.vertx, served.bodyAsJsonObject());
  }

  /**
   * Validates {@code document} (as a server served it) against the OpenAPI 3.1 schema, failing the
   * test if it is not valid, and resolves its references.
   */
  public static ApiContract load(Vertx vertx, JsonObject document) {
    SchemaRepository repository = RunningShelf.await(OpenAPIVersion.V3_1.getRepository(vertx, BASE_URI));
    OutputUnit validity = RunningShelf.await(OpenAPIVersion.V3_1.validateContract(vertx, repository, document));
    assertThat(validity.getValid()).as("/openapi.json is a valid OpenAPI 3.1 document: %s", validity.toJson()).isTrue();
    JsonObject resolved = RunningShelf.await(OpenAPIVersion.V3_1.resolve(vertx, repository, document));
    return new ApiContract(repository, resolved, document);
  }

  public JsonObject raw() {
    return document;
  }

  public Map<String, Operation> operations() {
    return operations;
  }

  public Operation operation(String operationId) {
    Operation operation = operations.get(operationId);
    assertThat(operation).as("operation %s in openapi.yaml", operationId).isNotNull();
    return operation;
  }

  /** Does {@code uri}'s path fit the operation's path template? */
  public static boolean pathMatches(String template, String uri) {
    String path = uri.split("\\?", 2)[0];
    String regex = template.replaceAll("\\{[^/}]+}", "[^/]+").replace(".", "\\.");
    return path.matches(regex);
  }

  /** Fails the test unless the response is one the operation declares, with a body its schema accepts. */
  public void check(String operationId, HttpResponse<Buffer> response) {
    Operation operation = operation(operationId);
    String status = String.valueOf(response.statusCode());
    JsonObject responses = operation.model().getJsonObject("responses");
    assertThat(names(responses)).as("%s declares status %s (body %s)", operationId, status, response.bodyAsString())
        .contains(status);
    JsonObject declared = responses.getJsonObject(status);
    JsonObject headers = declared.getJsonObject("headers", new JsonObject());
    for (String name : names(headers)) {
      JsonObject header = headers.getJsonObject(name);
      String value = response.getHeader(name);
      if (header.getBoolean("required", false)) {
        assertThat(value).as("%s %s: header %s", operationId, status, name).isNotNull();
      }
      if (value != null && header.containsKey("schema")) {
        assertValid(header.getJsonObject("schema"), value, operationId + " " + status + " header " + name);
      }
    }
    JsonObject content = declared.getJsonObject("content");
    Buffer body = response.body();
    if (content == null) {
      assertThat(body == null || body.length() == 0).as("%s %s has no body", operationId, status).isTrue();
      return;
    }
    String type = mediaType(response.getHeader("Content-Type"));
    assertThat(names(content)).as("%s %s: Content-Type %s is declared", operationId, status, type).contains(type);
    JsonObject schema = content.getJsonObject(type).getJsonObject("schema");
    assertThat(body).as("%s %s has a body", operationId, status).isNotNull();
    if (schema != null && !"binary".equals(schema.getString("contentEncoding"))) {
      assertValid(schema, instance(type, body), operationId + " " + status + " " + type);
    }
  }

  /** For a response that never ends (SSE): its status and type are declared, its first chunk fits the schema. */
  public void checkStream(String operationId, int status, String contentType, String firstChunk) {
    JsonObject responses = operation(operationId).model().getJsonObject("responses");
    assertThat(names(responses)).as("%s declares status %s", operationId, status).contains(String.valueOf(status));
    JsonObject content = responses.getJsonObject(String.valueOf(status)).getJsonObject("content");
    String type = mediaType(contentType);
    assertThat(names(content)).as("%s %s: Content-Type %s is declared", operationId, status, type).contains(type);
    assertValid(content.getJsonObject(type).getJsonObject("schema"), firstChunk, operationId + " " + status + " " + type);
  }

  /** Does the operation's request schema for {@code mediaType} accept {@code body}? */
  public boolean requestAccepts(String operationId, String mediaType, String body) {
    JsonObject requestBody = operation(operationId).model().getJsonObject("requestBody");
    assertThat(requestBody).as("%s has a request body", operationId).isNotNull();
    JsonObject schema = requestBody.getJsonObject("content").getJsonObject(mediaType).getJsonObject("schema");
    return validator(schema).validate(instance(mediaType, Buffer.buffer(body))).getValid();
  }

  private void assertValid(JsonObject schema, Object instance, String what) {
    OutputUnit result = validator(schema).validate(instance);
    assertThat(result.getValid()).as("%s is valid against its schema: %s\ninstance: %s", what, result.toJson(),
        String.valueOf(instance).substring(0, Math.min(600, String.valueOf(instance).length()))).isTrue();
  }

  private io.vertx.json.schema.Validator validator(JsonObject schema) {
    return repository.validator(JsonSchema.of(schema),
        new JsonSchemaOptions().setDraft(Draft.DRAFT202012).setBaseUri(BASE_URI).setOutputFormat(OutputFormat.Basic));
  }

  private static Object instance(String mediaType, Buffer body) {
    if (mediaType.equals("application/json") || mediaType.endsWith("+json")) {
      try {
        return Json.decodeValue(body);
      } catch (DecodeException e) {
        throw new AssertionError(mediaType + " body is not JSON: " + body, e);
      }
    }
    return body.toString(StandardCharsets.UTF_8);
  }

  /** The member names of a resolved object, without the resolver's own bookkeeping members ({@code __…}). */
  private static Set<String> names(JsonObject object) {
    return object.fieldNames().stream().filter(name -> !name.startsWith("__"))
        .collect(java.util.stream.Collectors.toCollection(java.util.TreeSet::new));
  }

  public static String mediaType(String contentType) {
    return contentType == null ? "" : contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
  }
}
