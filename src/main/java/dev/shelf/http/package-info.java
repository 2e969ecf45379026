/**
 * The HTTP side: the router and its route table, one handler class per concern, the single place
 * that maps failures to problem+json. Runs on event loops: it never blocks and never touches JDBC;
 * it reaches storage only through the event bus.
 */
package dev.shelf.http;
