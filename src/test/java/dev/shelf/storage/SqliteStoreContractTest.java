package dev.shelf.storage;

import dev.shelf.support.RunningShelf;
import dev.shelf.support.SqliteFile;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.ThreadingModel;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(VertxExtension.class)
@DisplayName("The SQLite store keeps the store contract, through the event bus, on a real file")
class SqliteStoreContractTest extends RecordStoreContract {

  @TempDir
  Path dir;

  @Override
  protected RecordStore start(Vertx vertx) {
    RunningShelf.await(vertx.deployVerticle(StorageVerticle.class, new DeploymentOptions()
        .setThreadingModel(ThreadingModel.WORKER).setConfig(RunningShelf.config(dir))));
    return new BusStore(vertx, 10_000);
  }

  @Override
  protected long booksCountedElsewhere() throws Exception {
    return SqliteFile.of(dir.resolve("shelf.db")).number("SELECT count(*) FROM books");
  }

  @Override
  protected boolean keepsEventHistory() {
    return false;
  }
}
