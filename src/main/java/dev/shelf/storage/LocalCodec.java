package dev.shelf.storage;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.MessageCodec;

/**
 * Passes store calls and their answers over the local event bus as the objects themselves: no
 * JSON encoding, no copy. Every object handed over is immutable or no longer used by its sender.
 * The bus never leaves the process (several Shelf nodes share a database, not a bus), so nothing
 * is ever put on a wire.
 */
final class LocalCodec implements MessageCodec<Object, Object> {

  static final String NAME = "shelf.local";
  static final DeliveryOptions OPTIONS = new DeliveryOptions().setCodecName(NAME);

  private LocalCodec() {
  }

  /** Registers the codec on {@code vertx}'s event bus, once. */
  static synchronized void registerOn(Vertx vertx) {
    try {
      vertx.eventBus().registerCodec(new LocalCodec());
    } catch (IllegalStateException alreadyRegistered) {
      // Another verticle of this Vert.x instance registered it first.
    }
  }

  @Override
  public void encodeToWire(Buffer buffer, Object o) {
    throw new UnsupportedOperationException("store calls never leave the process");
  }

  @Override
  public Object decodeFromWire(int pos, Buffer buffer) {
    throw new UnsupportedOperationException("store calls never leave the process");
  }

  @Override
  public Object transform(Object o) {
    return o;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public byte systemCodecID() {
    return -1;
  }
}
