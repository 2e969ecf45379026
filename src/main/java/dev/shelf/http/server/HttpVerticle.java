package dev.shelf.http.server;

import static io.vertx.core.http.HttpMethod.GET;
import static io.vertx.core.http.HttpMethod.HEAD;

import dev.shelf.config.ShelfConfig;
import dev.shelf.http.BearerTokens;
import dev.shelf.http.Problems;
import dev.shelf.http.Responses;
import dev.shelf.http.RouteTable;
import dev.shelf.http.api.BatchHandler;
import dev.shelf.http.api.Importer;
import dev.shelf.http.api.ResourceHandler;
import dev.shelf.http.demo.DemoHandler;
import dev.shelf.http.events.EventStream;
import dev.shelf.http.ops.Admin;
import dev.shelf.http.ops.ApiDocs;
import dev.shelf.http.ops.ApiDocument;
import dev.shelf.http.ops.AppMeta;
import dev.shelf.http.ops.Health;
import dev.shelf.http.ops.MetricsEndpoint;
import dev.shelf.model.Resource;
import dev.shelf.storage.BusStore;
import dev.shelf.storage.StoreBinding;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The event-loop side: routes REST requests to storage over the event bus, streams committed
 * changes at {@code /events} and serves {@code webroot/} (the landing page and the browser app).
 * Deployed in several instances sharing one port; none of them ever blocks. Every route is
 * described in {@code openapi.yaml}; a test fails when one is not.
 */
public final class HttpVerticle extends VerticleBase {

  private static final String SHARED = "shelf.http";
  private static final String EVENTS = "/events";

  private ShelfConfig config;
  private HttpServer server;
  private EventStream events;

  @Override
  public Future<?> start() {
    config = ShelfConfig.fromJson(config());
    // Heartbeats must come more often than the idle timeout, or quiet streams would be closed.
    long heartbeatMs = Math.min(config.events().heartbeatMs(), config.http().idleTimeoutSec() * 1000L / 2);
    BusStore storage = new BusStore(vertx, config.http().storageTimeoutMs());
    events = new EventStream(vertx, config.events().bufferSize(), heartbeatMs, storage);
    return events.start()
        .compose(subscribed -> ServerOptions.of(vertx, config.http(), sharedPort(config.http().port())))
        .compose(options -> vertx.createHttpServer(options)
            .connectionHandler(connection -> {
              StrictFraming.install(connection, options);
              IdleWhileQuiet.install(connection, options);
            })
            .invalidRequestHandler(Problems::invalidRequest)
            .requestHandler(router(config, storage, events))
            .listen())
        .onSuccess(listening -> {
          server = listening;
          vertx.sharedData().getLocalMap(SHARED).put("port", listening.actualPort());
        })
        .compose(listening -> storageClients(1));
  }

  /**
   * Graceful: the server stops accepting connections, closes idle ones, lets each in-flight
   * request finish (its connection closes after the response) for up to {@code http.shutdownGraceMs},
   * then closes what is left. Event streams, which never finish by themselves, are ended once the
   * server stopped accepting. Only then does it tell storage it is done.
   */
  @Override
  public Future<?> stop() {
    if (server == null) {
      return Future.succeededFuture();
    }
    Future<Void> shutdown = server.shutdown(config.http().shutdownGraceMs(), TimeUnit.MILLISECONDS);
    events.endAll();
    return shutdown.eventually(() -> storageClients(-1));
  }

  /** Each area mounts its own routes; what is left is static files, then 404/405. */
  Router router(ShelfConfig config, BusStore storage, EventStream events) {
    Router router = Router.router(vertx);
    router.route().handler(new AccessLog()).handler(RequestChecks::check)
        .handler(Responses::noStoreUnlessSet).handler(Responses::headLikeGet).handler(SecurityHeaders::add)
        .handler(new Http2Limits());
    if (!config.http().corsOrigins().isEmpty()) {
      router.route().handler(new Cors(config.http().corsOrigins()));
    }
    BearerTokens tokens = new BearerTokens(config.auth().token(), config.auth().protectReads(), config.auth().metricsPublic(),
        config.admin().token(), apiPaths());
    if (tokens.guardsAnything()) {
      router.route().handler(tokens);
    }
    RouteTable routes = new RouteTable(router);
    for (Resource resource : Resource.ALL) {
      new ResourceHandler(storage, resource, config.http()).mount(routes);
      new Importer(vertx, storage, resource).mount(routes, config.http().importBodyLimit());
    }
    events.mount(routes);
    new DemoHandler(vertx, config.demo().pageDelayMs()).mount(routes, config.demo().blocking());
    new BatchHandler(storage, config.http(), tokens).mount(routes);
    new ApiDocument(vertx).mount(routes);
    new ApiDocs().mount(routes);
    new Health(vertx, storage).mount(routes);
    new MetricsEndpoint(storage).mount(routes);
    new AppMeta().mount(routes);
    if (config.admin().enabled()) {
      new Admin(storage, config.admin().backupDir()).mount(routes);
    }
    router.route().method(GET).method(HEAD).handler(new StaticFiles(vertx));
    router.route().handler(routes::notFoundOrNotAllowed);
    router.route().failureHandler(Problems::handle);
    router.errorHandler(500, Problems::handle);
    return router;
  }

  /** The API's paths: the collections, and the event stream (it carries the records themselves). */
  private static List<String> apiPaths() {
    List<String> api = new ArrayList<>(Resource.ALL.stream().map(r -> "/" + r.name()).toList());
    api.add(EVENTS);
    return api;
  }

  /** Counts this instance in or out of the clients storage waits for at shutdown (see StoreBinding). */
  private Future<Void> storageClients(long delta) {
    return vertx.sharedData().getLocalCounter(StoreBinding.CLIENTS)
        .compose(counter -> counter.addAndGet(delta))
        .mapEmpty();
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
