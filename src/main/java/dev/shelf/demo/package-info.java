/**
 * Runnable demos of the Java client and of why Shelf never blocks an event loop:
 * {@code java -cp shelf.jar dev.shelf.demo.Demo batch|wait|blocking}. They call a running Shelf
 * over HTTP like any other client, print as results arrive, and end with one {@code Summary:} line.
 */
package dev.shelf.demo;
