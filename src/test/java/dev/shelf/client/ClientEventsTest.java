package dev.shelf.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shelf.support.RunningShelf;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(VertxExtension.class)
@DisplayName("The Java client's events() against the real GET /events")
class ClientEventsTest {

  @TempDir
  Path dir;

  @Test
  @DisplayName("events() gets ready, then each change; resuming after an id replays what was missed")
  void subscribesAndResumes(Vertx vertx) throws InterruptedException {
    RunningShelf shelf = RunningShelf.start(vertx, dir);
    BlockingQueue<ShelfEvent> received = new LinkedBlockingQueue<>();
    EventSubscription live = RunningShelf.await(shelf.client.events(received::add));

    assertThat(next(received).type()).isEqualTo("ready");
    long id = shelf.book("Dune", "Frank Herbert", 1965).getLong("id");
    ShelfEvent created = next(received);
    assertThat(created.type()).isEqualTo("book.created");
    assertThat(created.data().getLong("id")).isEqualTo(id);
    assertThat(live.lastEventId()).isEqualTo(created.id());
    RunningShelf.await(live.close());

    shelf.delete("/books/" + id);
    BlockingQueue<ShelfEvent> resumed = new LinkedBlockingQueue<>();
    RunningShelf.await(shelf.client.events(created.id(), resumed::add));
    ShelfEvent missed = next(resumed);
    assertThat(missed.type()).isEqualTo("book.deleted");
    assertThat(missed.data().getLong("id")).isEqualTo(id);
  }

  private static ShelfEvent next(BlockingQueue<ShelfEvent> queue) throws InterruptedException {
    ShelfEvent event = queue.poll(10, TimeUnit.SECONDS);
    assertThat(event).as("an event within 10 s").isNotNull();
    return event;
  }
}
