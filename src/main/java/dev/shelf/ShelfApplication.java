package dev.shelf;

import dev.shelf.config.ConfSource;
import io.vertx.core.Deployable;
import io.vertx.core.DeploymentOptions;
import io.vertx.launcher.application.HookContext;
import io.vertx.launcher.application.VertxApplication;
import io.vertx.launcher.application.VertxApplicationHooks;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Supplier;

/**
 * The jar's entry point: Vert.x 5's launcher ({@code VertxApplication}, so every launcher option
 * keeps working) with Shelf's three quirks in its hooks, and nowhere else.
 * <ul>
 * <li><b>Strict {@code -conf}.</b> The launcher reads {@code -conf} leniently: a missing or broken
 *     file only logs a warning and Shelf would start on its defaults. The option's value goes to
 *     {@link MainVerticle}, which reads it again strictly and fails the start with one line.</li>
 * <li><b>{@code -instances N} keeps one writer.</b> The launcher would deploy N main verticles,
 *     so N storage verticles, N writers on one SQLite file. Shelf deploys one main verticle and
 *     reads N as {@code http.instances} (N event-loop instances of the HTTP verticle), unless the
 *     environment sets {@code SHELF_HTTP_INSTANCES}.</li>
 * <li><b>SIGTERM and Ctrl-C exit 0</b> after the graceful stop ({@link ExitOnSignal}), installed
 *     once the verticle is deployed.</li>
 * </ul>
 * Metrics are not set up here: a {@code VertxServiceProvider} ({@code metrics.MetricsSetup}) turns
 * them on for every Vert.x instance in the process, tests' own included, which a launcher hook
 * cannot do.
 */
public final class ShelfApplication implements VertxApplicationHooks {

  private final Optional<String> confOption;
  private OptionalInt httpInstances = OptionalInt.empty();

  ShelfApplication(String[] args) {
    this.confOption = ConfSource.confOption(List.of(args));
  }

  public static void main(String[] args) {
    new VertxApplication(args, new ShelfApplication(args)).launch();
  }

  /** Runs before the supplier below is asked for verticles, so it sees the instances moved to HTTP. */
  @Override
  public void beforeDeployingVerticle(HookContext context) {
    DeploymentOptions deployment = context.deploymentOptions();
    if (deployment.getInstances() > 1) {
      httpInstances = OptionalInt.of(deployment.getInstances());
      deployment.setInstances(1);
    }
  }

  @Override
  public Supplier<? extends Deployable> verticleSupplier() {
    return () -> new MainVerticle(confOption, httpInstances);
  }

  @Override
  public void afterVerticleDeployed(HookContext context) {
    ExitOnSignal.install();
  }
}
