package dev.shelf.http.ops;

import dev.shelf.http.RouteTable;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;
import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * {@code GET /docs}: Swagger UI on the served OpenAPI document. Its scripts and styles come from
 * the {@code org.webjars:swagger-ui} jar on the class path (no CDN, works offline), served under
 * {@code /docs/{file}}; the page and its start script ({@code /docs/shelf-init.js}) are this
 * class's, so it loads them by absolute path and points Swagger UI at {@code /openapi.json}.
 */
public final class ApiDocs {

  /** The webjar's folder in the jar; its version is read from the webjar's own Maven metadata. */
  static final String WEBJAR_ROOT = "META-INF/resources/webjars/swagger-ui/" + webjarVersion();

  private static final String PAGE = """
      <!DOCTYPE html>
      <html lang="en">
        <head>
          <meta charset="UTF-8">
          <title>Shelf API</title>
          <link rel="stylesheet" type="text/css" href="/docs/swagger-ui.css">
          <link rel="icon" type="image/png" href="/docs/favicon-32x32.png" sizes="32x32">
        </head>
        <body>
          <div id="swagger-ui"></div>
          <script src="/docs/swagger-ui-bundle.js" charset="UTF-8"></script>
          <script src="/docs/swagger-ui-standalone-preset.js" charset="UTF-8"></script>
          <script src="/docs/shelf-init.js" charset="UTF-8"></script>
        </body>
      </html>
      """;

  /**
   * Starts Swagger UI on {@code /openapi.json}. A file of its own rather than an inline script:
   * pages carry a Content-Security-Policy that allows only Shelf's own script files.
   */
  private static final String INIT = """
      window.addEventListener("load", () => {
        window.ui = SwaggerUIBundle({
          url: "/openapi.json",
          dom_id: "#swagger-ui",
          deepLinking: true,
          presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
          layout: "StandaloneLayout"
        });
      });
      """;

  /** The webjar's files; they never change for a given version, so browsers may cache them a day. */
  final StaticHandler assets = StaticHandler.create(WEBJAR_ROOT).setMaxAgeSeconds(86_400);

  /** {@code /docs} is listed; its script and Swagger UI's assets are files under it. */
  public void mount(RouteTable routes) {
    routes.add(HttpMethod.GET, "/docs", this::page)
        .unlisted(HttpMethod.GET, "/docs/shelf-init.js", this::init)
        .unlisted(HttpMethod.GET, "/docs/*", assets);
  }

  void init(RoutingContext ctx) {
    ctx.response().putHeader("Content-Type", "text/javascript; charset=utf-8").putHeader("Cache-Control", "no-cache").end(INIT);
  }

  void page(RoutingContext ctx) {
    ctx.response().putHeader("Content-Type", "text/html; charset=utf-8").putHeader("Cache-Control", "no-cache").end(PAGE);
  }

  private static String webjarVersion() {
    try (InputStream in = ApiDocs.class.getClassLoader()
        .getResourceAsStream("META-INF/maven/org.webjars/swagger-ui/pom.properties")) {
      if (in == null) {
        throw new IllegalStateException("the org.webjars:swagger-ui jar is missing from the class path");
      }
      Properties properties = new Properties();
      properties.load(in);
      return properties.getProperty("version");
    } catch (IOException e) {
      throw new IllegalStateException("cannot read the swagger-ui webjar's version", e);
    }
  }
}
