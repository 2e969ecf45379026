import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.ThreadingModel;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.MessageCodec;
import io.vertx.core.json.JsonObject;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The storage seam's transport, measured alone: an event-loop caller keeps 64 "get one book"
 * calls in flight to a worker consumer, and the consumer answers a 7-field record, in two forms.
 * <ul>
 *   <li>object: what Shelf does (storage.LocalCodec): the call and the answer cross the local bus as
 *   the objects themselves, and the answer carries the JSON bytes encoded on the storage side;</li>
 *   <li>json: the message form of vertx-service-proxy: the call as a JsonObject with an
 *   {@code action} header, the answer a DataObject turned into a JsonObject, which the local bus
 *   copies on delivery ({@code JsonObjectMessageCodec.transform}) and the caller encodes to bytes.</li>
 * </ul>
 * It measures the forms, not the generated proxy classes (their dispatch is a switch on the action,
 * as here). Run: {@code java -cp target/shelf.jar bench/BusTransport.java}.
 */
public class BusTransport {

  static final int IN_FLIGHT = 64;
  static final long WARMUP_MS = 3_000;
  static final long MEASURE_MS = 5_000;

  record Call(String resource, long id) {
  }

  record Answer(JsonObject json, Buffer body) {
  }

  /** Passes objects as they are, as storage.LocalCodec does. */
  static final class PassThrough implements MessageCodec<Object, Object> {
    public void encodeToWire(Buffer buffer, Object o) {
      throw new UnsupportedOperationException();
    }

    public Object decodeFromWire(int pos, Buffer buffer) {
      throw new UnsupportedOperationException();
    }

    public Object transform(Object o) {
      return o;
    }

    public String name() {
      return "pass";
    }

    public byte systemCodecID() {
      return -1;
    }
  }

  static JsonObject book(long id) {
    return new JsonObject().put("id", id).put("title", "Cien años de soledad " + id).put("author", "Gabriel García Márquez")
        .put("year", 1967).put("createdAt", "2026-11-30T10:11:12.345Z").put("updatedAt", "2026-11-30T10:11:12.345Z")
        .put("version", 3);
  }

  static final class Store extends VerticleBase {
    @Override
    public Future<?> start() {
      vertx.eventBus().consumer("object", m -> {
        Call call = (Call) m.body();
        JsonObject json = book(call.id());
        m.reply(new Answer(json, json.toBuffer()), new DeliveryOptions().setCodecName("pass"));
      });
      vertx.eventBus().<JsonObject>consumer("json", m -> {
        if ("get".equals(m.headers().get("action"))) {
          m.reply(book(m.body().getLong("id")));
        }
      });
      return Future.succeededFuture();
    }
  }

  static final class Caller extends VerticleBase {
    final String mode;
    final AtomicLong done = new AtomicLong();
    volatile boolean running = true;

    Caller(String mode) {
      this.mode = mode;
    }

    @Override
    public Future<?> start() {
      for (int i = 0; i < IN_FLIGHT; i++) {
        next(i);
      }
      return Future.succeededFuture();
    }

    void next(long id) {
      if (!running) {
        return;
      }
      Future<Buffer> body = mode.equals("object")
          ? vertx.eventBus().request("object", new Call("books", id), new DeliveryOptions().setCodecName("pass"))
              .map(m -> ((Answer) m.body()).body())
          : vertx.eventBus().<JsonObject>request("json", new JsonObject().put("resource", "books").put("id", id),
              new DeliveryOptions().addHeader("action", "get")).map(m -> m.body().toBuffer());
      body.onComplete(answered -> {
        if (answered.succeeded() && answered.result().length() > 0) {
          done.incrementAndGet();
        }
        next(id + IN_FLIGHT);
      });
    }
  }

  public static void main(String[] args) throws Exception {
    Vertx vertx = Vertx.vertx();
    vertx.eventBus().registerCodec(new PassThrough());
    vertx.deployVerticle(new Store(), new DeploymentOptions().setThreadingModel(ThreadingModel.WORKER).setInstances(1))
        .await();
    for (int round = 1; round <= 2; round++) {
      for (String mode : new String[] {"object", "json"}) {
        Caller caller = new Caller(mode);
        String id = vertx.deployVerticle(caller).await();
        Thread.sleep(WARMUP_MS);
        long before = caller.done.get();
        Thread.sleep(MEASURE_MS);
        long calls = caller.done.get() - before;
        caller.running = false;
        vertx.undeploy(id).await();
        System.out.printf(Locale.ROOT, "round %d  %-6s %,10.0f calls/s%n", round, mode, calls * 1000.0 / MEASURE_MS);
      }
    }
    vertx.close().await();
  }
}
