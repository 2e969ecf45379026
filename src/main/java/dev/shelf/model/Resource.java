package dev.shelf.model;

import java.util.List;
import java.util.Optional;

/**
 * What distinguishes one kind of record from another: its collection name, its table and its
 * client fields. Books and movies share every line of validation, storage and HTTP code; only this
 * description differs.
 */
public record Resource(String name, String singular, List<Field> fields) {

  public static final Resource BOOKS = new Resource("books", "book",
      List.of(Field.text("title"), Field.text("author"), Field.year("year")));

  public static final Resource MOVIES = new Resource("movies", "movie",
      List.of(Field.text("title"), Field.text("director"), Field.year("year")));

  public static final List<Resource> ALL = List.of(BOOKS, MOVIES);

  /** The table holding this resource's rows; equal to the collection name. */
  public String table() {
    return name;
  }

  /** The text field besides the title that {@code q} searches and filters name: author or director. */
  public Field creditField() {
    return fields.get(1);
  }

  public Optional<Field> field(String fieldName) {
    return fields.stream().filter(f -> f.name().equals(fieldName)).findFirst();
  }

}
