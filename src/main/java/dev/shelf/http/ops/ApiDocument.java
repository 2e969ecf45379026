package dev.shelf.http.ops;

import dev.shelf.http.RouteTable;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The OpenAPI 3.1 document ({@code src/main/resources/openapi.yaml}), served as written at
 * {@code /openapi.yaml} and converted at {@code /openapi.json}. It is read and converted once per
 * process, on a worker thread, the first time it is asked for; start-up does not pay for it.
 */
public final class ApiDocument {

  static final String RESOURCE = "openapi.yaml";

  private final Vertx vertx;

  public ApiDocument(Vertx vertx) {
    this.vertx = vertx;
  }

  public void mount(RouteTable routes) {
    routes.add(HttpMethod.GET, "/openapi.json", this::json).add(HttpMethod.GET, "/openapi.yaml", this::yaml);
  }

  void yaml(RoutingContext ctx) {
    texts().onSuccess(texts -> ctx.response().putHeader("Content-Type", "application/yaml; charset=utf-8").end(texts.yaml()))
        .onFailure(ctx::fail);
  }

  void json(RoutingContext ctx) {
    texts().onSuccess(texts -> ctx.response().putHeader("Content-Type", "application/json").end(texts.json()))
        .onFailure(ctx::fail);
  }

  private Future<Texts> texts() {
    return vertx.executeBlocking(() -> Loaded.TEXTS, false);
  }

  /** The document as YAML and as JSON. */
  record Texts(String yaml, String json) {
  }

  /** Loaded by the JVM on first use only (the holder idiom), and then kept. */
  private static final class Loaded {
    static final Texts TEXTS = load();

    private static Texts load() {
      try (InputStream in = ApiDocument.class.getClassLoader().getResourceAsStream(RESOURCE)) {
        if (in == null) {
          throw new IllegalStateException(RESOURCE + " is missing from the class path");
        }
        String yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        Object tree = new Yaml(new SafeConstructor(new LoaderOptions())).load(yaml);
        return new Texts(yaml, ((JsonObject) jsonValue(tree)).encodePrettily());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    /** YAML allows keys that are not strings (an unquoted 200); JSON does not. */
    private static Object jsonValue(Object yaml) {
      if (yaml instanceof Map<?, ?> map) {
        JsonObject object = new JsonObject();
        map.forEach((key, value) -> object.put(String.valueOf(key), jsonValue(value)));
        return object;
      }
      if (yaml instanceof List<?> list) {
        return new JsonArray(list.stream().map(Loaded::jsonValue).collect(Collectors.toList()));
      }
      return yaml;
    }
  }
}
