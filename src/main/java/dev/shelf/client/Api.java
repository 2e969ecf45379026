package dev.shelf.client;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.util.List;
import java.util.Map;

/**
 * The one place that speaks HTTP for the client: builds requests under the base path and turns
 * answers into JSON or a {@link ShelfProblemException}.
 */
final class Api {

  private static final int MAX_DETAIL = 200;

  private final WebClient web;
  private final String basePath;

  Api(WebClient web, String basePath) {
    this.web = web;
    this.basePath = basePath;
  }

  HttpRequest<Buffer> request(HttpMethod method, String path, Map<String, String> params, IfMatch ifMatch) {
    HttpRequest<Buffer> request = web.request(method, basePath + path).putHeader("Accept", "application/json");
    params.forEach(request::addQueryParam);
    if (ifMatch != null) {
      request.putHeader("If-Match", ifMatch.etag());
    }
    return request;
  }

  /** Sends the request (with a JSON body when there is one) and answers the JSON object it got back. */
  Future<JsonObject> json(HttpRequest<Buffer> request, JsonObject body) {
    return send(request, body).map(response -> response.bodyAsJsonObject());
  }

  /** Sends the request and succeeds with no value when the server answers any 2xx. */
  Future<Void> noContent(HttpRequest<Buffer> request) {
    return send(request, null).mapEmpty();
  }

  private Future<HttpResponse<Buffer>> send(HttpRequest<Buffer> request, JsonObject body) {
    Future<HttpResponse<Buffer>> sent = body == null ? request.send() : request.sendJsonObject(body);
    return sent.compose(response -> response.statusCode() / 100 == 2
        ? Future.succeededFuture(response)
        : Future.failedFuture(problem(response)));
  }

  static ShelfProblemException problem(HttpResponse<Buffer> response) {
    String type = response.getHeader("Content-Type");
    if (type != null && type.startsWith("application/problem+json") && response.body() != null) {
      try {
        return ShelfProblemException.fromProblem(response.statusCode(), response.statusMessage(),
            response.bodyAsJsonObject());
      } catch (DecodeException | ClassCastException e) {
        // Not the JSON object it claims to be: fall through and report the raw answer.
      }
    }
    String text = response.bodyAsString();
    String detail = text == null || text.isBlank() ? null
        : text.strip().substring(0, Math.min(text.strip().length(), MAX_DETAIL));
    return new ShelfProblemException(response.statusCode(), "about:blank", response.statusMessage(), detail, List.of());
  }
}
