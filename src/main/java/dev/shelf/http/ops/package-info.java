/**
 * What operators and tools read: {@code /health/live} and {@code /health/ready}, {@code /metrics},
 * the admin endpoints (backup), the OpenAPI document and its browsable docs, and the facts the
 * browser app reads ({@code /app/meta.json}).
 */
package dev.shelf.http.ops;
