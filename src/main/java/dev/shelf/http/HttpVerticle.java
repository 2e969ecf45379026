package dev.shelf.http;

import dev.shelf.config.ShelfConfig;
import dev.shelf.model.Resource;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.ArrayList;
import java.util.List;

import static io.vertx.core.http.HttpMethod.DELETE;
import static io.vertx.core.http.HttpMethod.GET;
import static io.vertx.core.http.HttpMethod.PATCH;
import static io.vertx.core.http.HttpMethod.POST;
import static io.vertx.core.http.HttpMethod.PUT;

/**
 * The event-loop side: routes REST requests to storage over the event bus, streams committed
 * changes at {@code /events} and serves {@code webroot/} (the landing page and the browser app). Deployed in several instances sharing one port; none of them ever blocks.
 */
public final class HttpVerticle extends VerticleBase {

  private static final String SHARED = "shelf.http";
  private static final String EVENTS = "/events";

  @Override
  public Future<?> start() {
    ShelfConfig config = ShelfConfig.fromJson(config());
    // Heartbeats must come more often than the idle timeout, or quiet streams would be closed.
    long heartbeatMs = Math.min(config.eventsHeartbeatMs(), config.httpIdleTimeoutSec() * 1000L / 2);
    EventStream events = new EventStream(vertx, config.eventsBufferSize(), heartbeatMs, config.httpStorageTimeoutMs());
    return events.start()
        .compose(subscribed -> vertx.createHttpServer(new HttpServerOptions()
                .setHost(config.httpHost())
                .setPort(sharedPort(config.httpPort()))
                .setCompressionSupported(true)
                .setIdleTimeout(config.httpIdleTimeoutSec()))
            .invalidRequestHandler(Problems::invalidRequest)
            .requestHandler(router(config, events))
            .listen())
        .onSuccess(server -> vertx.sharedData().getLocalMap(SHARED).put("port", server.actualPort()));
  }

  private Router router(ShelfConfig config, EventStream events) {
    Router router = Router.router(vertx);
    router.route().handler(SecurityHeaders::add);
    if (!config.authToken().isEmpty()) {
      // The event stream carries the records themselves: it is a read of the API like any other.
      List<String> api = new ArrayList<>(Resource.ALL.stream().map(r -> "/" + r.name()).toList());
      api.add(EVENTS);
      router.route().handler(new WriteProtection(config.authToken(), config.authProtectReads(), api));
    }
    RouteTable routes = new RouteTable(router);
    Handler<RoutingContext> jsonBody = JsonBodies.reader(BodyHandler.create(false).setBodyLimit(config.httpBodyLimit()));
    DemoHandler demo = new DemoHandler(vertx, config.demoPageDelayMs());

    for (Resource resource : Resource.ALL) {
      ResourceHandler h = new ResourceHandler(vertx, resource, config);
      String all = "/" + resource.name();
      String one = all + "/:id";
      routes
          .add(GET, all, h::list)
          .add(POST, all, jsonBody, h::create)
          .add(DELETE, all, jsonBody, h::deleteMatching)
          .add(GET, one, h::get)
          .add(PUT, one, jsonBody, h::replace)
          .add(PATCH, one, jsonBody, h::patch)
          .add(DELETE, one, h::delete);
    }
    routes.add(GET, EVENTS, events::subscribe);
    routes.add(GET, "/demo/wait", demo::waitMs);
    routes.add(GET, "/demo/blocking-wait", new BlockingDemoHandler(config.demoBlocking())::blockingWait);
    if (config.demoPageDelayMs() > 0) {
      router.get("/").handler(demo::delayPage);
      router.get("/index.html").handler(demo::delayPage);
    }

    router.route().method(GET).method(io.vertx.core.http.HttpMethod.HEAD).handler(new StaticFiles(vertx));
    router.route().handler(routes::notFoundOrNotAllowed);
    router.route().failureHandler(Problems::handle);
    router.errorHandler(500, Problems::handle);
    return router;
  }

  /**
   * Port 0 means "any free port", but each instance would then bind a different one. Vert.x reads
   * a negative port as one random port shared by every server asking for it.
   */
  private static int sharedPort(int port) {
    return port == 0 ? -1 : port;
  }

  /** The port the HTTP verticles listen on (the real one when the config asked for port 0). */
  public static Integer boundPort(Vertx vertx) {
    return (Integer) vertx.sharedData().getLocalMap(SHARED).get("port");
  }
}
