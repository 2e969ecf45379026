/**
 * A small asynchronous Java client for Shelf's REST API, built on the Vert.x {@code WebClient}.
 * Every call returns a {@code Future}; records are Java records; a problem+json answer fails the
 * future with a {@link dev.shelf.client.ShelfProblemException}. Depends on nothing else in Shelf,
 * so a program that only calls Shelf needs just this package and Vert.x.
 */
package dev.shelf.client;
