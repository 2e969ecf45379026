package dev.shelf.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.shelf.model.Resource;
import dev.shelf.support.RunningShelf;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
@DisplayName("The bus client turns a missing or silent store into typed failures")
class BusStoreTest {

  @Test
  @DisplayName("no store on the bus: UNAVAILABLE, at once")
  void unavailable(Vertx vertx) {
    assertThat(kindOf(new BusStore(vertx, 5_000).get(Resource.BOOKS, 1))).isEqualTo(StoreException.Kind.UNAVAILABLE);
  }

  @Test
  @DisplayName("a store that never answers: TIMEOUT after the configured time")
  void timeout(Vertx vertx) {
    RunningShelf.await(vertx.eventBus().consumer(StoreBinding.address(Resource.BOOKS), message -> { }).completion());
    long start = System.nanoTime();
    assertThat(kindOf(new BusStore(vertx, 300).get(Resource.BOOKS, 1))).isEqualTo(StoreException.Kind.TIMEOUT);
    assertThat((System.nanoTime() - start) / 1_000_000).isBetween(250L, 5_000L);
  }

  private static StoreException.Kind kindOf(Future<?> call) {
    Throwable failure = catchThrowable(() -> RunningShelf.await(call));
    while (failure != null && !(failure instanceof StoreException)) {
      failure = failure.getCause();
    }
    assertThat(failure).isInstanceOf(StoreException.class);
    return ((StoreException) failure).kind();
  }
}
