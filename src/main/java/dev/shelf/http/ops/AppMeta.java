package dev.shelf.http.ops;

import dev.shelf.http.RouteTable;
import dev.shelf.model.Field;
import dev.shelf.model.ListQuery;
import dev.shelf.model.Resource;
import dev.shelf.model.Sort;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Arrays;
import java.util.Locale;

/**
 * {@code GET /app/meta.json}: the server's facts the browser app (webroot/app/) needs — the
 * resources and their fields, which field is the credit, the sorts, the page-size limit — taken
 * from the model itself, so the pages never keep a hand-made copy that could drift.
 */
public final class AppMeta {

  static final String PATH = "/app/meta.json";

  private final String body = describe().encode();

  public void mount(RouteTable routes) {
    routes.add(HttpMethod.GET, PATH, this::serve);
  }

  void serve(RoutingContext ctx) {
    ctx.response().putHeader("Content-Type", "application/json").end(body);
  }

  static JsonObject describe() {
    JsonObject resources = new JsonObject();
    Resource.ALL.forEach(resource -> resources.put(resource.name(), resource(resource)));
    return new JsonObject()
        .put("resources", resources)
        .put("sorts", new JsonArray(Arrays.stream(Sort.values()).map(Sort::apiName).toList()))
        .put("limit", new JsonObject().put("default", ListQuery.DEFAULT_LIMIT).put("max", ListQuery.MAX_LIMIT));
  }

  private static JsonObject resource(Resource resource) {
    return new JsonObject()
        .put("name", resource.name())
        .put("singular", resource.singular())
        .put("credit", resource.creditField().name())
        .put("fields", new JsonArray(resource.fields().stream().map(AppMeta::field).toList()));
  }

  private static JsonObject field(Field field) {
    JsonObject json = new JsonObject()
        .put("name", field.name())
        .put("kind", field.kind().name().toLowerCase(Locale.ROOT))
        .put("required", field.required());
    return switch (field.kind()) {
      case TEXT -> json.put("maxLength", Field.TEXT_MAX);
      case YEAR -> json.put("minimum", Field.YEAR_MIN).put("maximum", Field.YEAR_MAX);
    };
  }
}
