package dev.shelf.storage;

import dev.shelf.model.Resource;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The calls on the whole store: the readiness ping,
 * row counts for the {@code shelf_rows} gauges, and online backups. Runs on the storage worker.
 */
final class StoreAdmin {

  private static final DateTimeFormatter BACKUP_NAME =
      DateTimeFormatter.ofPattern("'shelf-'yyyyMMdd-HHmmss-SSS");

  private final Database db;
  private final Map<Resource, ResourceStore> stores;
  private final MeterRegistry registry;
  private final Map<Resource, AtomicLong> rows = new LinkedHashMap<>();
  private final List<Gauge> gauges = new ArrayList<>();

  StoreAdmin(Database db, Map<Resource, ResourceStore> stores, MeterRegistry registry) {
    this.db = db;
    this.stores = stores;
    this.registry = registry;
    for (Resource resource : stores.keySet()) {
      AtomicLong count = new AtomicLong();
      rows.put(resource, count);
      gauges.add(Gauge.builder("shelf.rows", count, AtomicLong::get)
          .description("Rows per table, as of the last scrape of /metrics")
          .tag("table", resource.table())
          .register(registry));
    }
  }

  /**
   * A real read of the database file (its header), so a broken file fails it; and fails too when
   * writes cannot be taken: the file was deleted or replaced, or the writer is stuck.
   */
  Future<Integer> ping() {
    return db.read(c -> {
      int version = c.query("PRAGMA user_version", List.of(), row -> row.getInt(1)).get(0);
      String problem = db.writeProblem();
      if (problem != null) {
        throw new StoreException(StoreException.Kind.UNAVAILABLE, problem);
      }
      return version;
    });
  }

  Future<Map<Resource, Long>> rowCounts() {
    List<Future<Long>> counts = stores.values().stream().map(ResourceStore::count).toList();
    return Future.all(counts).map(all -> {
      Map<Resource, Long> reply = new LinkedHashMap<>();
      int i = 0;
      for (Map.Entry<Resource, AtomicLong> entry : rows.entrySet()) {
        long count = counts.get(i++).result();
        entry.getValue().set(count);
        reply.put(entry.getKey(), count);
      }
      return reply;
    });
  }

  /**
   * Writes a consistent copy with {@code VACUUM INTO} on a reader connection: writes go on
   * meanwhile (WAL), and the copy is the database as of one moment, compacted. The file name has
   * the time in UTC; it never overwrites a file.
   */
  Future<BackupCopy> backup(String dir) {
    Path target;
    try {
      target = newBackupFile(Path.of(dir));
    } catch (IOException | RuntimeException e) {
      return Future.failedFuture(new StoreException(StoreException.Kind.FAILURE,
          "cannot create the backup file in " + dir + ": " + e.getMessage()));
    }
    return db.read(c -> {
      c.update("VACUUM INTO ?", List.of(target.toString()));
      return new BackupCopy(target.toString(), target.toFile().length());
    }).onFailure(e -> deleteQuietly(target));
  }

  /**
   * Reserves a new, empty file (VACUUM INTO accepts an empty one): creating it is atomic, so two
   * backups started in the same millisecond get two names instead of one failing on the other's file.
   */
  private static Path newBackupFile(Path dir) throws IOException {
    Files.createDirectories(dir);
    String stem = BACKUP_NAME.format(ZonedDateTime.now(ZoneOffset.UTC));
    Path folder = dir.toAbsolutePath();
    for (int n = 0; ; n++) {
      Path candidate = folder.resolve(n == 0 ? stem + ".db" : stem + "-" + n + ".db");
      try {
        return Files.createFile(candidate);
      } catch (FileAlreadyExistsException taken) {
        // the next suffix
      }
    }
  }

  private static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      // the failure reported is the backup's; an empty file left behind is harmless
    }
  }

  void close() {
    gauges.forEach(registry::remove);
  }
}
