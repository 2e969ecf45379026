/**
 * The collections' API: CRUD with ETag/If-Match, keyset-paged lists with filters, {@code q} and
 * full-text {@code search}, CSV export, CSV/JSON imports (parsed off the event loop) and the
 * atomic {@code POST /batch}.
 */
package dev.shelf.http.api;
