/**
 * {@code GET /events}: the committed changes as Server-Sent Events, resumable with
 * {@code Last-Event-ID} from a bounded buffer, with per-client back-pressure.
 */
package dev.shelf.http.events;
