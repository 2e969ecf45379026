/**
 * The storage side: the worker verticle, the SQL, the schema migrations. The only package that
 * touches JDBC; its classes run on worker threads. Everything else reaches it through the event
 * bus, by the contract in {@link dev.shelf.storage.StorageContract}.
 */
package dev.shelf.storage;
