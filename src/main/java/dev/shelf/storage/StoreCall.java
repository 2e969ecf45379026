package dev.shelf.storage;

import dev.shelf.model.Resource;
import io.vertx.core.Future;
import java.util.function.Function;

/**
 * One call to a store as it crosses the event bus (as an object, through {@link LocalCodec}): its
 * operation's name for metrics and logs, the resource it is about (null for calls on the whole
 * store) and the call itself, applied to the store on the storage side.
 */
record StoreCall<T>(String name, Resource resource, Function<RecordStore, Future<T>> call) {

  Future<T> applyTo(RecordStore store) {
    try {
      return call.apply(store);
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }

  /** One address per resource and one for the whole store, so bus metrics show where the load goes. */
  String address() {
    return resource == null ? StoreBinding.STORE_ADDRESS : StoreBinding.address(resource);
  }
}
