package dev.shelf.http.ops;

import dev.shelf.http.Problems;
import dev.shelf.http.RouteTable;
import dev.shelf.metrics.ShelfMetrics;
import dev.shelf.storage.BusStore;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import io.vertx.micrometer.PrometheusScrapingHandler;

/**
 * {@code GET /metrics}: the Prometheus text format of Vert.x's and Shelf's meters. Row counts are
 * refreshed first (one {@code count(*)} per table on a reader), so {@code shelf_rows} is current
 * at every scrape without any work between scrapes; if storage does not answer in time the scrape
 * goes on with the last counts.
 */
public final class MetricsEndpoint {

  private static final long COUNT_TIMEOUT_MS = 2_000;

  private final BusStore storage;

  public MetricsEndpoint(BusStore storage) {
    this.storage = storage.withTimeout(COUNT_TIMEOUT_MS);
  }

  public void mount(RouteTable routes) {
    routes.add(HttpMethod.GET, "/metrics", this::scrape);
  }

  void scrape(RoutingContext ctx) {
    if (!(ShelfMetrics.registry() instanceof PrometheusMeterRegistry registry)) {
      Problems.send(ctx, 503, "Vert.x metrics were configured without the Prometheus backend");
      return;
    }
    storage.rowCounts()
        .onComplete(counted -> PrometheusScrapingHandler.create(registry).handle(ctx));
  }
}
