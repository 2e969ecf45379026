/**
 * The storage side and its seam. {@link dev.shelf.storage.RecordStore} is the one interface the
 * HTTP side uses; {@link dev.shelf.storage.BusStore} implements it over the event bus and
 * {@link dev.shelf.storage.StoreBinding} serves any implementation there. The SQLite store (the
 * worker verticle, the SQL, the schema migrations) is the only code that touches JDBC; its classes
 * run on worker threads.
 */
package dev.shelf.storage;
