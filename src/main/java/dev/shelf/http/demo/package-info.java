/**
 * The demo routes that show why an event loop must never block: a slow page answered with a
 * timer, and the same wait done by blocking (off by default).
 */
package dev.shelf.http.demo;
