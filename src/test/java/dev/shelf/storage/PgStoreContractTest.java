package dev.shelf.storage;

import dev.shelf.storage.postgres.PgStorageVerticle;
import dev.shelf.support.Postgres;
import dev.shelf.support.RunningShelf;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(VertxExtension.class)
@DisplayName("The PostgreSQL store keeps the store contract, through the event bus, on a real server")
class PgStoreContractTest extends RecordStoreContract {

  @TempDir
  Path dir;
  private String database;

  @Override
  protected RecordStore start(Vertx vertx) {
    String url = Postgres.shared().freshDatabase();
    database = url.substring(url.lastIndexOf('/') + 1);
    JsonObject config = RunningShelf.config(dir).mergeIn(new JsonObject()
        .put("db", new JsonObject().put("kind", "postgres").put("url", url)), true);
    RunningShelf.await(vertx.deployVerticle(PgStorageVerticle.class, new DeploymentOptions().setConfig(config)));
    return new BusStore(vertx, 10_000);
  }

  @Override
  protected long booksCountedElsewhere() {
    return Long.parseLong(Postgres.shared().psql(database, "SELECT count(*) FROM books"));
  }

  @Override
  protected boolean keepsEventHistory() {
    return true;
  }
}
