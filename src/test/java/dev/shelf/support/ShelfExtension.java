package dev.shelf.support;

import io.vertx.core.Vertx;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Backs {@link ShelfTest}: resolves {@link RunningShelf} and {@link Vertx} parameters with one
 * Vert.x instance and one Shelf per test, both closed (and the temporary folder deleted) when the
 * test ends. The Shelf starts on first use, so a test that only needs Vert.x starts none.
 */
final class ShelfExtension implements ParameterResolver {

  private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(ShelfExtension.class);

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    return type == RunningShelf.class || type == Vertx.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    if (context.getTestMethod().isEmpty()) {
      throw new ParameterResolutionException("@ShelfTest injects into test and @BeforeEach/@AfterEach methods only");
    }
    Fixture fixture = context.getStore(NAMESPACE).getOrComputeIfAbsent(Fixture.class, key -> new Fixture(), Fixture.class);
    if (parameter.getParameter().getType() == Vertx.class) {
      return fixture.vertx;
    }
    JsonObject config = parameter.findAnnotation(WithConfig.class)
        .map(with -> config(with.value())).orElseGet(JsonObject::new);
    return fixture.shelf(config);
  }

  /** {@code ["http.instances=1"]} as {@code {"http": {"instances": 1}}}. */
  static JsonObject config(String... pairs) {
    JsonObject config = new JsonObject();
    for (String pair : pairs) {
      int equals = pair.indexOf('=');
      if (equals < 1) {
        throw new ParameterResolutionException("@WithConfig wants key=value, not '" + pair + "'");
      }
      String[] path = pair.substring(0, equals).strip().split("\\.");
      JsonObject section = config;
      for (int i = 0; i < path.length - 1; i++) {
        if (!section.containsKey(path[i])) {
          section.put(path[i], new JsonObject());
        }
        section = section.getJsonObject(path[i]);
      }
      section.put(path[path.length - 1], value(pair.substring(equals + 1).strip()));
    }
    return config;
  }

  private static Object value(String text) {
    try {
      return Json.decodeValue(text);
    } catch (DecodeException notJson) {
      return text;
    }
  }

  /** One test's Vert.x, Shelf and folder; the store closes it after the test. */
  private static final class Fixture implements AutoCloseable {

    final Vertx vertx = Vertx.vertx();
    final Path dir;
    RunningShelf shelf;
    JsonObject config;

    Fixture() {
      try {
        dir = Files.createTempDirectory("shelf-test");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    RunningShelf shelf(JsonObject wanted) {
      if (shelf == null) {
        shelf = RunningShelf.start(vertx, dir, wanted);
        config = wanted;
      } else if (!config.equals(wanted)) {
        throw new ParameterResolutionException("one test's RunningShelf parameters ask for different configs: "
            + config.encode() + " and " + wanted.encode());
      }
      return shelf;
    }

    @Override
    public void close() throws IOException, TimeoutException {
      try {
        vertx.close().await(30, TimeUnit.SECONDS);
      } finally {
        try (Stream<Path> files = Files.walk(dir)) {
          for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
            Files.deleteIfExists(file);
          }
        }
      }
    }
  }
}
