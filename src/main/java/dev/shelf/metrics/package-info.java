/**
 * Metrics: turns Vert.x's Micrometer metrics on for the process and names the registry Shelf's own
 * meters join. No JDBC, no HTTP: the storage and HTTP packages record their meters here.
 */
package dev.shelf.metrics;
