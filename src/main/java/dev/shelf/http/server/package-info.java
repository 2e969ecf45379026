/**
 * The HTTP server: {@link dev.shelf.http.server.HttpVerticle} composes the areas' routes behind
 * what every request passes through (access log, request checks, security headers, CORS, HTTP/1.1
 * framing and HTTP/2 limits, TLS options) and serves {@code webroot/}.
 */
package dev.shelf.http.server;
