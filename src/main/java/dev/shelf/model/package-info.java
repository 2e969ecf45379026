/**
 * Records and their rules: what a book or a movie is, how a client's JSON is validated, how a list
 * query and its cursor look. Pure code, safe on any thread; no I/O.
 */
package dev.shelf.model;
