package dev.shelf.client;

import static dev.shelf.support.RunningShelf.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.shelf.support.RunningShelf;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(VertxExtension.class)
@DisplayName("The Java client's shelf.batch()…commit(): all or none, on the server")
class ShelfClientBatchTest {

  @TempDir
  Path dir;

  @Test
  @DisplayName("commit answers one result per call, in order, as the calls would have answered on their own")
  void commits(Vertx vertx) {
    ShelfClient client = RunningShelf.start(vertx, dir).client;
    Book dune = await(client.books().create(Book.of("Dune", "Frank Herbert", 1965)));

    List<Batch.Result> results = await(client.batch()
        .create(Book.of("Emma", "Jane Austen", 1815))
        .create(Movie.of("Alien", "Ridley Scott", 1979))
        .patch("books", dune.id(), new JsonObject().put("year", 1966), IfMatch.current(dune))
        .get("books", dune.id())
        .deleteByTitle("movies", "Alien")
        .commit());

    assertThat(results).extracting(Batch.Result::status).containsExactly(201, 201, 200, 200, 200);
    assertThat(results.get(0).headers()).containsKeys("Location", "ETag");
    assertThat(results.get(3).body().getInteger("year")).isEqualTo(1966);
    assertThat(await(client.books().get(results.get(0).body().getLong("id"))).title()).isEqualTo("Emma");
  }

  @Test
  @DisplayName("a stale IfMatch fails the whole batch with the call's 412, naming it, and nothing is applied")
  void allOrNone(Vertx vertx) {
    ShelfClient client = RunningShelf.start(vertx, dir).client;
    Book dune = await(client.books().create(Book.of("Dune", "Frank Herbert", 1965)));

    Throwable failed = await(client.batch()
        .create(Book.of("Emma", "Jane Austen", 1815))
        .delete("books", dune.id(), IfMatch.version(7))
        .commit().transform(done -> Future.succeededFuture(done.cause())));

    assertThat(failed).isInstanceOf(ShelfProblemException.class);
    assertThat(((ShelfProblemException) failed).status()).isEqualTo(412);
    assertThat(((ShelfProblemException) failed).detail()).startsWith("operation 1 failed");
    assertThat(await(client.books().list(Query.all())).items()).extracting(Book::title).containsExactly("Dune");
  }
}
