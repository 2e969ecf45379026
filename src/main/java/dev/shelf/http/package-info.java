/**
 * The HTTP side's shared plumbing: the route table, the single place that maps failures to
 * problem+json ({@link dev.shelf.http.Problems}), responses, ETags, bearer tokens. Each area lives
 * in its own package and mounts its own routes: {@code api} (the collections), {@code events}
 * ({@code /events}), {@code ops} (health, metrics, admin, API docs), {@code demo}; {@code server}
 * composes them into the HTTP verticle. Everything here runs on event loops: it never blocks and
 * never touches a database; it reaches storage only through the event bus.
 */
package dev.shelf.http;
