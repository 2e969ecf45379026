package dev.shelf.storage;

import dev.shelf.support.RunningShelf;
import io.vertx.core.Vertx;
import java.nio.file.Path;

/** Builds a database file at an older schema version, as an older Shelf left it, for upgrade tests. */
public final class OldSchema {

  private OldSchema() {
  }

  public static void create(Vertx vertx, Path file, int version) {
    SchemaPool schema = SchemaPool.open(vertx, file.toString(), "NORMAL");
    RunningShelf.await(Migrations.apply(schema, version).eventually(schema::close));
  }
}
