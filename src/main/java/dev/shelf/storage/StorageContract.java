package dev.shelf.storage;

import dev.shelf.model.Resource;

/**
 * The event-bus contract between the HTTP side and whatever stores the records. This is the whole
 * seam: a PostgreSQL or clustered implementation registers consumers on the same addresses,
 * understands the same actions and fails with the same codes.
 *
 * <p>One address per resource ({@code shelf.storage.books}, {@code shelf.storage.movies}); the
 * {@value #ACTION} header names the operation. Bodies and replies are JSON objects:
 * <pre>
 * action           request body                      reply
 * list             ListQuery JSON                    {"items":[record...], "hasMore":bool}
 * get              {"id":n}                          record
 * create           {"values":{field:value...}}       record
 * replace          {"id":n, "values":{...}}          record
 * patch            {"id":n, "values":{...}}          record (an empty "values" changes nothing)
 * delete           {"id":n}                          {"deleted":1}
 * deleteMatching   {"filters":{"title":"..."}}       {"deleted":n, "ids":[n...]}
 * importMany       {"rows":[{field:value...}...]}    {"imported":n}   (all rows in ONE write, or none; one created event per row)
 * </pre>
 * replace, patch and delete take an optional {@code "expectedVersion":n}: the change happens only
 * if the record is still at that version, else it fails with {@link #VERSION_MISMATCH} and the
 * current version as the message. A reply is sent only after the change is committed. Failures use {@code message.fail(code, text)}
 * with the codes below.
 *
 * <p><b>Change events.</b> After each committed change, and before its reply, the store publishes
 * one event per changed record on {@value #EVENTS} (a publish: every HTTP instance gets it):
 * <pre>
 * {"type":"book.created", "id":17, "data":record}     also book.updated, and movie.*
 * {"type":"book.deleted", "id":18, "data":{"id":n}}   a deleteMatching publishes one per record
 * </pre>
 * The event {@code id} is the store's own sequence: it grows by exactly one per event, in commit
 * order, with no gaps, and carries on across restarts. A change that rolls back publishes nothing.
 * One writer publishes in id order; with several writers on one store, two close events may arrive
 * swapped, so subscribers order by id (the HTTP side holds an early one back briefly).
 * At {@value #EVENT_LOG} the action {@value #LAST} answers {@code {"last":n}}, the id of the newest
 * event (0 before the first change), so a subscriber that just started knows where the stream
 * stands.
 *
 * <p><b>The whole store</b> answers on {@value #ADMIN_ADDRESS}, with the same header:
 * <pre>
 * action           request body                      reply
 * ping             {}                                {"schemaVersion":n}  (after a read of the database file)
 * rowCounts        {}                                {"books":n, "movies":n}  (also refreshes the shelf_rows gauges)
 * backup           {"dir":"folder"}                  {"path":"folder/shelf-….db", "size":bytes}  (a consistent copy)
 * </pre>
 *
 * <p><b>Shutdown.</b> A client of the store (the HTTP verticle) adds 1 to the local counter
 * {@value #CLIENTS} while it may still send requests, and takes it back once it has finished. The
 * store keeps answering until the counter is back at 0 (or a time limit passes), then answers what
 * it has already accepted, and only then closes the database.
 */
public final class StorageContract {

  public static final String ACTION = "action";

  public static final String LIST = "list";
  public static final String GET = "get";
  public static final String CREATE = "create";
  public static final String REPLACE = "replace";
  public static final String PATCH = "patch";
  public static final String DELETE = "delete";
  public static final String DELETE_MATCHING = "deleteMatching";
  public static final String IMPORT_MANY = "importMany";

  /** The address of actions on the whole store rather than one resource. */
  public static final String ADMIN_ADDRESS = "shelf.storage.admin";
  public static final String PING = "ping";
  public static final String ROW_COUNTS = "rowCounts";
  public static final String BACKUP = "backup";

  /** The local shared counter of clients still using the store; see the class comment. */
  public static final String CLIENTS = "shelf.storage.clients";

  /** Where change events are published. */
  public static final String EVENTS = "shelf.events";
  /** Where the store answers questions about its events. */
  public static final String EVENT_LOG = "shelf.storage.events";
  /** Action on {@link #EVENT_LOG}: the id of the newest event. */
  public static final String LAST = "last";

  /** The changes an event can report; its type is {@code <singular>.<change>}. */
  public static final String CREATED = "created";
  public static final String UPDATED = "updated";
  public static final String DELETED = "deleted";

  /** No record with that id. */
  public static final int NOT_FOUND = 404;
  /** The request does not make sense to the store (unknown action, bad body). */
  public static final int BAD_REQUEST = 400;
  /** The database refused the values (a constraint the validation should have caught). */
  public static final int CONSTRAINT = 422;
  /** The record is no longer at the expected version; the failure message is the current version. */
  public static final int VERSION_MISMATCH = 412;
  /** The write queue is full: try again shortly (HTTP 503 with Retry-After). */
  public static final int BUSY = 503;
  /** Anything else: an I/O or SQL failure. */
  public static final int FAILURE = 500;

  private StorageContract() {
  }

  public static String address(Resource resource) {
    return "shelf.storage." + resource.name();
  }

  /** The type of an event about a record of {@code resource}: {@code book.created}, {@code movie.deleted}… */
  public static String eventType(Resource resource, String change) {
    return resource.singular() + "." + change;
  }
}
