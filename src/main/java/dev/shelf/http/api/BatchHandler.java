package dev.shelf.http.api;

import static io.vertx.core.http.HttpMethod.POST;

import dev.shelf.config.HttpConfig;
import dev.shelf.http.BearerTokens;
import dev.shelf.http.Problem;
import dev.shelf.http.Problems;
import dev.shelf.http.Responses;
import dev.shelf.http.RouteTable;
import dev.shelf.storage.RecordStore;
import dev.shelf.storage.StoreException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * {@code POST /batch}: the API's reads and writes, run in order in one write transaction
 * ({@link RecordStore#batch}); all of them apply, or none. The answer is one result per operation,
 * each as its single call would have answered; or a problem naming the first operation that
 * failed ({@code operation}) and embedding its own problem ({@code problem}), with that problem's
 * status. A failure of the batch as a whole (storage unavailable, full, too slow) is answered as
 * for any single call.
 */
public final class BatchHandler {

  private final RecordStore storage;
  private final BatchReader reader;
  private final BearerTokens tokens;
  private final int bodyLimit;

  public BatchHandler(RecordStore storage, HttpConfig http, BearerTokens tokens) {
    this.storage = storage;
    this.reader = new BatchReader(http.batchMax(), http.requireIfMatch());
    this.tokens = tokens;
    this.bodyLimit = http.importBodyLimit();
  }

  public void mount(RouteTable routes) {
    routes.add(POST, "/batch", JsonBodies.reader(BodyHandler.create(false).setBodyLimit(bodyLimit)), this::run);
  }

  private void run(RoutingContext ctx) {
    List<BatchOperation> operations;
    try {
      operations = reader.read(JsonBodies.object(ctx));
    } catch (BatchReader.OperationRefused refused) {
      failed(ctx, refused.index, refused.getCause());
      return;
    }
    boolean writes = operations.stream().anyMatch(operation -> operation.op().writes());
    if (!tokens.allowsBatch(ctx, writes)) {
      return;
    }
    storage.batch(operations.stream().map(BatchOperation::op).toList()).onSuccess(results -> {
      JsonArray answers = new JsonArray();
      for (int i = 0; i < results.size(); i++) {
        answers.add(operations.get(i).answer(results.get(i)));
      }
      Responses.json(ctx, 200, new JsonObject().put("results", answers));
    }).onFailure(e -> {
      if (e instanceof StoreException store && store.operation().isPresent()) {
        int index = store.operation().getAsInt();
        failed(ctx, index, operations.get(index).asSingleCall(store));
      } else {
        ctx.fail(e);
      }
    });
  }

  /** Operation {@code index} failed as {@code cause}: nothing of the batch was applied. */
  private static void failed(RoutingContext ctx, int index, Throwable cause) {
    Problem problem = Problems.of(cause, "operation " + index + " of POST /batch");
    if (problem == null) {
      problem = Problem.of(400, "the operation could not be read");
    }
    JsonObject embedded = problem.body();
    if (!problem.headers().isEmpty()) {
      embedded.put("headers", new JsonObject(new LinkedHashMap<>(problem.headers())));
    }
    Problems.send(ctx, problem.status(), "operation " + index + " failed (" + problem.detail()
        + "); nothing of the batch was applied", List.of(),
        new JsonObject().put("operation", index).put("problem", embedded));
  }
}
