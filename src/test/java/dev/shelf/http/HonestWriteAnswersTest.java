package dev.shelf.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import dev.shelf.support.RunningShelf;
import dev.shelf.support.SqliteFile;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(VertxExtension.class)
@DisplayName("A write is answered with its real outcome: never a timeout for a write that then commits (issue 12.3)")
class HonestWriteAnswersTest {

  private static final int IMPORTED = 10_000;
  private static final int SINGLES = 30;

  @TempDir
  Path dir;

  @Test
  @DisplayName("storageTimeoutMs 300, an import far longer than that and POSTs queued behind it: no 504; every 201 is stored, nothing else is")
  void acknowledgedIsStored(Vertx vertx) throws Exception {
    assumeFalse(RunningShelf.onPostgres(), "counts the rows in the SQLite file itself");
    RunningShelf shelf = RunningShelf.start(vertx, dir,
        new JsonObject().put("http", new JsonObject().put("storageTimeoutMs", 300).put("idleTimeoutSec", 300)));
    String csv = "title,author,year\r\n" + "An imported book,Some author,1999\r\n".repeat(IMPORTED);

    Future<HttpResponse<Buffer>> importing = shelf.http.post("/books/import").putHeader("Content-Type", "text/csv")
        .sendBuffer(Buffer.buffer(csv));
    List<Future<HttpResponse<Buffer>>> singles = new ArrayList<>();
    for (int i = 0; i < SINGLES; i++) {
      Thread.sleep(40);
      singles.add(shelf.http.post("/books").sendJsonObject(new JsonObject().put("title", "Single " + i).put("author", "A")));
    }

    // Generous: the import alone may take many seconds on a loaded machine; what matters is its answer.
    HttpResponse<Buffer> imported = importing.await(240, TimeUnit.SECONDS);
    assertThat(imported.statusCode()).as(imported.bodyAsString()).isIn(201, 503);
    int acknowledged = imported.statusCode() == 201 ? IMPORTED : 0;
    for (Future<HttpResponse<Buffer>> single : singles) {
      HttpResponse<Buffer> response = single.await(240, TimeUnit.SECONDS);
      assertThat(response.statusCode()).as(response.bodyAsString()).isIn(201, 503);
      if (response.statusCode() == 503) {
        assertThat(response.getHeader("Retry-After")).isNotNull();
      } else {
        acknowledged++;
      }
    }
    assertThat(countBooks(shelf)).as("rows stored = rows acknowledged with 201").isEqualTo(acknowledged);
  }

  private static int countBooks(RunningShelf shelf) throws Exception {
    return (int) SqliteFile.of(shelf.dbFile).number("SELECT count(*) FROM books");
  }
}
