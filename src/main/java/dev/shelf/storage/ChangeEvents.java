package dev.shelf.storage;

import dev.shelf.model.Resource;

/**
 * The change events a store publishes (a publish: every HTTP instance gets each) on
 * {@value #ADDRESS}, once the change committed and before its call completes: one per changed
 * record for a single change, ONE summary for a bulk change, which tells subscribers to re-read
 * rather than sending them every record:
 * <pre>
 * {"type":"book.created", "id":17, "data":record}     also book.updated, and movie.*
 * {"type":"book.deleted", "id":18, "data":{"id":n}}
 * {"type":"book.imported", "id":19, "data":{"count":n, "firstId":a, "lastId":b}}   one per importMany
 * {"type":"book.bulkDeleted", "id":20, "data":{"count":n, "title":"…"}}            one per deleteMatching
 * </pre>
 * The event {@code id} is the store's own sequence: it grows by exactly one per event, in commit
 * order, with no gaps, and carries on across restarts. A change that rolls back publishes nothing.
 * With several writers on one store two close events may arrive swapped, so subscribers order by id.
 */
public final class ChangeEvents {

  public static final String ADDRESS = "shelf.events";
  /**
   * Published ({@code {"id":n}}) when the store no longer holds events already published (a
   * PostgreSQL restored from a backup or failed over to a replica behind it): the ids after
   * {@code n} are being given to other changes, so subscribers start again after {@code n} and
   * their clients reload.
   */
  public static final String REWOUND = "shelf.events.rewound";

  public static final String CREATED = "created";
  public static final String UPDATED = "updated";
  public static final String DELETED = "deleted";
  /** A whole import: its count and the range of the new ids. */
  public static final String IMPORTED = "imported";
  /** A delete by filter: how many went, and the filter. */
  public static final String BULK_DELETED = "bulkDeleted";

  private ChangeEvents() {
  }

  /** The type of an event about a record of {@code resource}: {@code book.created}, {@code movie.deleted}… */
  public static String type(Resource resource, String change) {
    return resource.singular() + "." + change;
  }
}
