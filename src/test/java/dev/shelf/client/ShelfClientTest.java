package dev.shelf.client;

import static dev.shelf.support.RunningShelf.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shelf.support.RunningShelf;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(VertxExtension.class)
@DisplayName("The Java client against the real server")
class ShelfClientTest {

  @TempDir
  Path dir;
  RunningShelf shelf;
  ShelfClient client;

  @BeforeEach
  void start(Vertx vertx) {
    shelf = RunningShelf.start(vertx, dir);
    client = shelf.client;
  }

  @Test
  @DisplayName("create answers the stored book with its server fields, and get reads the same record back")
  void createsAndGetsABook() {
    Book created = await(client.books().create(Book.of("Dune", "Frank Herbert", 1965)));

    assertThat(created.id()).isPositive();
    assertThat(created.title()).isEqualTo("Dune");
    assertThat(created.author()).isEqualTo("Frank Herbert");
    assertThat(created.year()).isEqualTo(1965);
    assertThat(created.version()).isEqualTo(1);
    assertThat(created.createdAt()).isNotNull().isEqualTo(created.updatedAt());
    assertThat(await(client.books().get(created.id()))).isEqualTo(created);
    assertThat(shelf.get("/books/" + created.id()).bodyAsJsonObject().getString("createdAt"))
        .isEqualTo(created.createdAt().toString());
  }

  @Test
  @DisplayName("movies have a director and may have no year; they live apart from books")
  void createsAMovie() {
    Movie created = await(client.movies().create(Movie.of("Alien", "Ridley Scott", null)));

    assertThat(created.director()).isEqualTo("Ridley Scott");
    assertThat(created.year()).isNull();
    assertThat(await(client.movies().get(created.id()))).isEqualTo(created);
    ShelfProblemException missing = failure(client.books().get(created.id()));
    assertThat(missing.status()).isEqualTo(404);
  }

  @Test
  @DisplayName("list follows next() from page to page with the same filter and order, and the last page says so")
  void pagesThroughAList() {
    for (int year = 1961; year <= 1965; year++) {
      await(client.books().create(Book.of("Le Guin " + year, "Ursula K. Le Guin", year)));
      await(client.books().create(Book.of("Other " + year, "Someone Else", year)));
    }

    Page<Book> page = await(client.books().list(Query.all().where("author", "Ursula K. Le Guin")
        .sortByDescending("year").limit(2)));
    List<Integer> years = new ArrayList<>();
    int pages = 1;
    page.items().forEach(book -> years.add(book.year()));
    while (page.hasNext()) {
      page = await(page.next());
      pages++;
      page.items().forEach(book -> years.add(book.year()));
    }

    assertThat(years).containsExactly(1965, 1964, 1963, 1962, 1961);
    Page<Book> last = page;
    assertThat(pages).isEqualTo(3);
    assertThatThrownBy(() -> await(last.next())).isInstanceOf(NoSuchElementException.class);
  }

  @Test
  @DisplayName("contains and search text with spaces, &, : and % reach the server intact")
  void encodesTheQuery() {
    await(client.books().create(Book.of("Tom & Jerry: 100% fun", "Hanna Barbera", 1940)));
    await(client.books().create(Book.of("Tom and Jerry", "Hanna Barbera", 1941)));

    Page<Book> found = await(client.books().list(Query.all().contains("y: 100% f")));

    assertThat(found.items()).extracting(Book::title).containsExactly("Tom & Jerry: 100% fun");
    assertThat(found.hasNext()).isFalse();
    Page<Book> searched = await(client.books().list(Query.all().search("JERRY: 100 fu").sortBy("title")));
    assertThat(searched.items()).extracting(Book::title).containsExactly("Tom & Jerry: 100% fun");
    assertThat(await(client.books().list(Query.all().where("title", "Tom and Jerry"))).items()).hasSize(1);
  }

  @Test
  @DisplayName("replace and patch answer the new version; a null in a patch clears the year")
  void replacesAndPatches() {
    Book book = await(client.books().create(Book.of("Dune", "Frank Herbert", 1965)));

    Book replaced = await(client.books().replace(book.id(), Book.of("Dune Messiah", "F. Herbert", 1969)));
    Book patched = await(client.books().patch(book.id(), Patch.set("title", "Children of Dune").and("year", null)));

    assertThat(replaced.title()).isEqualTo("Dune Messiah");
    assertThat(replaced.version()).isEqualTo(2);
    assertThat(patched.title()).isEqualTo("Children of Dune");
    assertThat(patched.author()).isEqualTo("F. Herbert");
    assertThat(patched.year()).isNull();
    assertThat(patched.version()).isEqualTo(3);
    assertThat(patched.createdAt()).isEqualTo(book.createdAt());
    assertThat(await(client.books().get(book.id()))).isEqualTo(patched);
  }

  @Test
  @DisplayName("delete removes one record; deleteByTitle removes every record with that exact title")
  void deletes() {
    Movie alien = await(client.movies().create(Movie.of("Alien", "Ridley Scott", 1979)));
    await(client.movies().create(Movie.of("Solaris", "Andrei Tarkovsky", 1972)));
    await(client.movies().create(Movie.of("Solaris", "Steven Soderbergh", 2002)));
    await(client.movies().create(Movie.of("Solaris 2", "Nobody", null)));

    await(client.movies().delete(alien.id()));
    int removed = await(client.movies().deleteByTitle("Solaris"));

    assertThat(removed).isEqualTo(2);
    assertThat(failure(client.movies().get(alien.id())).status()).isEqualTo(404);
    assertThat(await(client.movies().list(Query.all())).items()).extracting(Movie::title).containsExactly("Solaris 2");
    assertThat(await(client.movies().deleteByTitle("Solaris"))).isZero();
  }

  @Test
  @DisplayName("a 422 fails the future with a ShelfProblemException carrying status, title and every field error")
  void validationBecomesATypedException() {
    ShelfProblemException problem = failure(client.books().create(Book.of(" ", null, 3000)));

    assertThat(problem.status()).isEqualTo(422);
    assertThat(problem.title()).isEqualTo("Unprocessable Entity");
    assertThat(problem.type()).isEqualTo("about:blank");
    assertThat(problem.detail()).isNotBlank();
    assertThat(problem.errors()).extracting(ShelfProblemException.FieldError::field)
        .containsExactlyInAnyOrder("title", "author", "year");
    assertThat(problem.getMessage()).startsWith("422 Unprocessable Entity").contains("author is required");
    assertThat(await(client.books().list(Query.all())).items()).isEmpty();
  }

  @Test
  @DisplayName("other refusals are typed too: a 404 for a missing id, a 400 for a bad query")
  void otherProblemsAreTyped() {
    ShelfProblemException missing = failure(client.books().patch(4242, Patch.set("title", "x")));
    ShelfProblemException badQuery = failure(client.books().list(Query.all().sortBy("colour")));

    assertThat(missing.status()).isEqualTo(404);
    assertThat(missing.title()).isEqualTo("Not Found");
    assertThat(missing.errors()).isEmpty();
    assertThat(badQuery.status()).isEqualTo(400);
    assertThat(badQuery.detail()).contains("colour");
  }

  @Test
  @DisplayName("If-Match carries the version as a quoted entity tag; calls with the current version go through")
  void sendsIfMatch(Vertx vertx) {
    Book book = await(client.books().create(Book.of("Dune", "Frank Herbert", 1965)));
    Api api = new Api(WebClient.create(vertx), "");

    assertThat(api.request(HttpMethod.PUT, "/books/1", Map.of(), IfMatch.current(book)).headers().get("If-Match"))
        .isEqualTo("\"1\"");
    assertThat(api.request(HttpMethod.PUT, "/books/1", Map.of(), null).headers().contains("If-Match")).isFalse();
    Book replaced = await(client.books().replace(book.id(), Book.of("Dune", "F. Herbert", 1965), IfMatch.current(book)));
    Book patched = await(client.books().patch(book.id(), Patch.set("year", 1966), IfMatch.current(replaced)));
    await(client.books().delete(book.id(), IfMatch.current(patched)));
    assertThat(patched.version()).isEqualTo(3);
    assertThat(failure(client.books().get(book.id())).status()).isEqualTo(404);
    assertThatThrownBy(() -> IfMatch.current(Book.of("draft", "x", null))).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  @DisplayName("many calls are in flight at once: 100 concurrent creates all succeed with distinct ids")
  void callsRunConcurrently() {
    List<Future<Book>> creates = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      creates.add(client.books().create(Book.of("Book " + i, "Author", null)));
    }

    await(Future.all(creates));

    assertThat(creates.stream().map(f -> f.result().id()).distinct()).hasSize(100);
  }

  @Test
  @DisplayName("a server that is not there fails the future with the connection error, not a problem")
  void unreachableServer(Vertx vertx) throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    ShelfClient nowhere = ShelfClient.create(vertx, "http://127.0.0.1:" + closedPort);

    Throwable failure = nowhere.books().get(1).transform(done -> Future.succeededFuture(done.cause())).await();

    assertThat(failure).isInstanceOf(ConnectException.class);
    assertThatThrownBy(() -> ShelfClient.create(vertx, "ftp://127.0.0.1/")).isInstanceOf(IllegalArgumentException.class);
  }

  private static ShelfProblemException failure(Future<?> call) {
    Throwable cause = await(call.transform(done -> Future.succeededFuture(done.cause())));
    assertThat(cause).as("the call should have failed").isInstanceOf(ShelfProblemException.class);
    return (ShelfProblemException) cause;
  }
}
