package dev.shelf.client;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.TrustOptions;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.net.URI;

/**
 * Shelf's REST API from Java, without writing HTTP by hand. Every call returns a Vert.x
 * {@link Future} at once, so many calls can be in flight together:
 *
 * <pre>{@code
 * ShelfClient shelf = ShelfClient.create(vertx, "http://127.0.0.1:3000");
 * Future.all(shelf.books().create(Book.of("Dune", "Frank Herbert", 1965)),
 *            shelf.movies().list(Query.all().search("alien")))
 *     .onSuccess(both -> ...);
 * }</pre>
 *
 * Safe to share between threads and verticles; {@link #close()} it when done.
 */
public final class ShelfClient implements AutoCloseable {

  private final HttpClient http;
  private final WebClient web;
  private final String basePath;
  private final ResourceClient<Book> books;
  private final ResourceClient<Movie> movies;
  private final DemoCalls demo;
  private final Api api;

  private ShelfClient(HttpClient http, WebClient web, String basePath) {
    Api api = new Api(web, basePath);
    this.http = http;
    this.web = web;
    this.basePath = basePath;
    this.books = new ResourceClient<>(api, "books", Book::fromJson);
    this.movies = new ResourceClient<>(api, "movies", Movie::fromJson);
    this.demo = new DemoCalls(api);
    this.api = api;
  }

  /** A client for the Shelf at {@code baseUrl} (such as {@code http://127.0.0.1:3000}). */
  public static ShelfClient create(Vertx vertx, String baseUrl) {
    return create(vertx, baseUrl, new PoolOptions());
  }

  /**
   * Like {@link #create(Vertx, String)}, with the connection pool given: calls beyond
   * {@link PoolOptions#getHttp1MaxSize()} wait for a free connection, so raise it to have more
   * calls truly in flight at once.
   */
  public static ShelfClient create(Vertx vertx, String baseUrl, PoolOptions pool) {
    return create(vertx, baseUrl, pool, null);
  }

  /**
   * Like {@link #create(Vertx, String, PoolOptions)}, trusting {@code trust} (such as the PEM of a
   * self-signed certificate) for an {@code https://} URL; null trusts the JVM's default authorities.
   * Over https the client offers HTTP/2 through ALPN and falls back to HTTP/1.1.
   */
  public static ShelfClient create(Vertx vertx, String baseUrl, PoolOptions pool, TrustOptions trust) {
    URI uri = URI.create(baseUrl);
    boolean https = "https".equalsIgnoreCase(uri.getScheme());
    if (!https && !"http".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null) {
      throw new IllegalArgumentException("base URL must be http://host[:port][/path], got " + baseUrl);
    }
    WebClientOptions options = new WebClientOptions()
        .setDefaultHost(uri.getHost())
        .setDefaultPort(uri.getPort() == -1 ? (https ? 443 : 80) : uri.getPort())
        .setSsl(https)
        .setUserAgent("shelf-client");
    if (https) {
      options.setUseAlpn(true).setProtocolVersion(HttpVersion.HTTP_2).setTrustOptions(trust);
    }
    String path = uri.getRawPath() == null ? "" : uri.getRawPath().replaceAll("/+$", "");
    HttpClient http = vertx.createHttpClient(new HttpClientOptions(options), pool);
    return new ShelfClient(http, WebClient.wrap(http, options), path);
  }

  /** {@code /books}. */
  public ResourceClient<Book> books() {
    return books;
  }

  /** {@code /movies}. */
  public ResourceClient<Movie> movies() {
    return movies;
  }

  /** A new {@code POST /batch}: gather calls, then {@link Batch#commit()} applies them all or none. */
  public Batch batch() {
    return new Batch(api);
  }

  /** {@code /demo/…}: slow requests for showing how the server copes with many at once. */
  public DemoCalls demo() {
    return demo;
  }

  /**
   * Opens {@code GET /events} and hands every change to {@code handler} as it is committed. The
   * future completes once the stream is open; the first event is {@code ready}.
   */
  public Future<EventSubscription> events(Handler<ShelfEvent> handler) {
    return events(null, handler);
  }

  /**
   * Like {@link #events(Handler)}, resuming after {@code lastEventId}: the server replays what was
   * missed, or sends {@code reset} when it no longer has it.
   */
  public Future<EventSubscription> events(String lastEventId, Handler<ShelfEvent> handler) {
    RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET).setURI(basePath + "/events")
        .putHeader("Accept", "text/event-stream").setIdleTimeout(0);
    if (lastEventId != null) {
      options.putHeader("Last-Event-ID", lastEventId);
    }
    // The response's handlers are set inside the send's callback, on the event loop, before any of
    // its data can arrive: composed from the caller's thread instead, early events could be lost.
    return http.request(options)
        .compose(request -> request.send().compose(response -> response.statusCode() == 200
            ? Future.succeededFuture(new EventSubscription(response, handler, lastEventId))
            : response.body().compose(body -> Future.failedFuture(new ShelfProblemException(response.statusCode(),
                "about:blank", response.statusMessage(), body.toString(), java.util.List.of())))));
  }

  /** Closes the connections; calls still in flight fail. */
  @Override
  public void close() {
    web.close();
    http.close();
  }
}
