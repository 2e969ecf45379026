package dev.shelf.model;

import java.util.Arrays;
import java.util.Optional;

/** The orders a list can be read in. Every one ends with the id, so a position is always unique. */
public enum Sort {
  ID("id"),
  TITLE("title"),
  YEAR("year"),
  CREATED_AT("createdAt"),
  /** Best match first (bm25); only with a {@code search}, and its default order. */
  RELEVANCE("relevance");

  private final String apiName;

  Sort(String apiName) {
    this.apiName = apiName;
  }

  public String apiName() {
    return apiName;
  }

  public static Optional<Sort> fromApiName(String name) {
    return Arrays.stream(values()).filter(s -> s.apiName.equals(name)).findFirst();
  }
}
