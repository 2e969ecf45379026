/** Reading and checking Shelf's settings: the {@code -conf} file, environment overrides, defaults. */
package dev.shelf.config;
