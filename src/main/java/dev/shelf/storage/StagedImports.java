package dev.shelf.storage;

import dev.shelf.model.Resource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * The imports a store has begun and not yet committed or aborted. Their rows are already in the
 * table, hidden: stored at {@code version = -importId}, which every read and change skips
 * ({@code version > 0}). Each staged chunk is remembered as the range of ids it got, so committing
 * (one UPDATE over the whole range) and aborting (one DELETE per chunk) read by primary key. The
 * memory is lost on a crash: the rows it leaves hidden are removed at the next start-up.
 */
public final class StagedImports {

  /** One chunk's ids, lowest and highest (other writes may have taken ids in between). */
  public record Range(long first, long last) {
  }

  /** One open import: its resource, the ranges of its chunks and how many rows they hold. */
  public static final class Staged {
    private final Resource resource;
    private final long id;
    private final List<Range> ranges = new ArrayList<>();
    private int count;

    private Staged(Resource resource, long id) {
      this.resource = resource;
      this.id = id;
    }

    /** The version its rows carry while hidden. */
    public long hiddenVersion() {
      return -id;
    }

    public synchronized void add(Range range, int rows) {
      ranges.add(range);
      count += rows;
    }

    public synchronized List<Range> ranges() {
      return List.copyOf(ranges);
    }

    public synchronized int count() {
      return count;
    }

    /** The lowest id of the import; -1 when nothing is staged. */
    public synchronized long first() {
      return ranges.stream().mapToLong(Range::first).min().orElse(-1);
    }

    /** The highest id of the import; -1 when nothing is staged. */
    public synchronized long last() {
      return ranges.stream().mapToLong(Range::last).max().orElse(-1);
    }
  }

  private final LongSupplier ids;
  private final Map<Long, Staged> open = new ConcurrentHashMap<>();

  /** {@code ids}: positive numbers not used by another open import of the same database. */
  public StagedImports(LongSupplier ids) {
    this.ids = ids;
  }

  /** Opens an import of {@code resource}; answers its id. */
  public long begin(Resource resource) {
    while (true) {
      long id = ids.getAsLong();
      if (open.putIfAbsent(id, new Staged(resource, id)) == null) {
        return id;
      }
    }
  }

  /** The open import {@code id} of {@code resource}, or {@code INVALID}. */
  public Staged get(Resource resource, long id) {
    Staged staged = open.get(id);
    if (staged == null || staged.resource != resource) {
      throw new StoreException(StoreException.Kind.INVALID, "no open import " + id + " of " + resource.name());
    }
    return staged;
  }

  /** Forgets the import (committed or aborted); null when it was not open. */
  public Staged remove(Resource resource, long id) {
    Staged staged = open.get(id);
    return staged != null && staged.resource == resource && open.remove(id, staged) ? staged : null;
  }

  /** How many imports are open. */
  public int size() {
    return open.size();
  }
}
