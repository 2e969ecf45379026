package dev.shelf.storage;

/** A failure the storage verticle answers with a {@link StorageContract} code. */
final class StorageException extends RuntimeException {

  private final int code;

  StorageException(int code, String message) {
    super(message, null, false, false);
    this.code = code;
  }

  int code() {
    return code;
  }
}
