package dev.shelf.storage;

import dev.shelf.model.Resource;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.shareddata.Counter;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Exposes a {@link RecordStore} on the event bus for {@link BusStore}s to call. Every call gets an
 * answer: its result, or a {@link StoreException} (anything else is logged here and answered as
 * {@code FAILURE}, so no cause leaks to a client).
 *
 * <p><b>Shutdown.</b> A client (the HTTP verticle) adds 1 to the local counter {@value #CLIENTS}
 * while it may still call, and takes it back once finished. {@link #close} waits until the counter
 * is back at 0 (or a deadline passes), stops taking calls, and answers those already taken; only
 * then may the store close.
 */
public final class StoreBinding {

  public static final String CLIENTS = "shelf.storage.clients";
  static final String STORE_ADDRESS = "shelf.storage.admin";

  private static final Logger LOG = LoggerFactory.getLogger(StoreBinding.class);
  private static final long CLIENT_POLL_MS = 20;

  private final Vertx vertx;
  private final RecordStore store;
  private final List<MessageConsumer<StoreCall<?>>> consumers = new ArrayList<>();
  private final Set<Future<?>> inFlight = ConcurrentHashMap.newKeySet();

  private StoreBinding(Vertx vertx, RecordStore store) {
    this.vertx = vertx;
    this.store = store;
  }

  /** Where calls about {@code resource} are sent. */
  public static String address(Resource resource) {
    return "shelf.storage." + resource.name();
  }

  /** Starts answering calls to {@code store}. */
  public static Future<StoreBinding> serve(Vertx vertx, RecordStore store) {
    LocalCodec.registerOn(vertx);
    StoreBinding binding = new StoreBinding(vertx, store);
    List<String> addresses = new ArrayList<>(Resource.ALL.stream().map(StoreBinding::address).toList());
    addresses.add(STORE_ADDRESS);
    List<Future<Void>> registered = new ArrayList<>();
    for (String address : addresses) {
      MessageConsumer<StoreCall<?>> consumer = vertx.eventBus().consumer(address, binding::answer);
      binding.consumers.add(consumer);
      registered.add(consumer.completion());
    }
    return Future.all(registered).map(binding);
  }

  private void answer(Message<StoreCall<?>> message) {
    StoreCall<?> call = message.body();
    Future<?> result = call.applyTo(store);
    inFlight.add(result);
    result.onComplete(done -> {
      inFlight.remove(result);
      message.reply(done.succeeded() ? done.result() : typed(call, done.cause()), LocalCodec.OPTIONS);
    });
  }

  private static StoreException typed(StoreCall<?> call, Throwable failure) {
    if (failure instanceof StoreException known) {
      return known;
    }
    LOG.error("Store call '{}' failed", call.name(), failure);
    return new StoreException(StoreException.Kind.FAILURE, "storage failure");
  }

  /**
   * Waits for the clients to finish (until {@code deadlineMillis} at most), stops taking calls and
   * answers every call already taken.
   */
  public Future<Void> close(long deadlineMillis) {
    return clientsGone(deadlineMillis)
        .compose(v -> Future.join(consumers.stream().map(MessageConsumer::unregister).toList()))
        .compose(v -> Future.join(List.copyOf(inFlight)))
        .mapEmpty();
  }

  private Future<Void> clientsGone(long deadline) {
    return vertx.sharedData().getLocalCounter(CLIENTS).compose(counter -> {
      Promise<Void> gone = Promise.promise();
      poll(counter, deadline, gone);
      return gone.future();
    });
  }

  private void poll(Counter counter, long deadline, Promise<Void> gone) {
    counter.get().onComplete(clients -> {
      if (clients.failed() || clients.result() <= 0) {
        gone.complete();
      } else if (System.currentTimeMillis() >= deadline) {
        LOG.warn("{} storage client(s) still busy at shutdown; closing anyway", clients.result());
        gone.complete();
      } else {
        vertx.setTimer(CLIENT_POLL_MS, id -> poll(counter, deadline, gone));
      }
    });
  }
}
