package dev.shelf.http.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shelf.http.CsvExportTest;
import dev.shelf.support.RunningShelf;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(VertxExtension.class)
@DisplayName("CSV formula injection: exports mark formula-like text, imports take the mark off again")
class CsvFormulaTest {

  /** Text a spreadsheet would run, text that already starts with the mark, and text that must stay as it is. */
  private static final List<String> TITLES = List.of("=cmd|' /C calc'!A0", "+1+1", "@SUM(1)", "-2+3", "\tTabbed",
      "\rReturn", "'=already marked", "'quoted", "'", "-5 stars", "plain", "a=b", "O'Brien");

  @TempDir
  Path dir;

  @Test
  @DisplayName("a cell starting with = + - @ TAB or CR (or ') is exported with a leading ', others unchanged")
  void unitRules() {
    assertThat(Csv.neutralise("=1+1")).isEqualTo("'=1+1");
    assertThat(Csv.neutralise("\t=1")).isEqualTo("'\t=1");
    assertThat(Csv.neutralise("'x")).isEqualTo("''x");
    assertThat(Csv.neutralise("a=b")).isEqualTo("a=b");
    assertThat(Csv.neutralise("")).isEmpty();
    assertThat(Csv.restore("'quoted")).as("a hand-made apostrophe stays").isEqualTo("'quoted");
    assertThat(Csv.restore("'")).isEqualTo("'");
    for (String title : TITLES) {
      assertThat(Csv.restore(Csv.neutralise(title))).isEqualTo(title);
    }
  }

  @Test
  @DisplayName("export → import gives back identical records, and no exported text cell starts a formula")
  void roundTrip(Vertx vertx) {
    RunningShelf shelf = RunningShelf.start(vertx, dir);
    for (String title : TITLES) {
      shelf.create("books", new JsonObject().put("title", title).put("author", "=HYPERLINK(\"x\")").put("year", 2000));
    }
    String csv = shelf.get("/books?format=csv").bodyAsString();
    for (List<String> row : CsvExportTest.records(csv).subList(1, TITLES.size() + 1)) {
      assertThat(row.get(1)).as("title cell").doesNotStartWith("=").doesNotStartWith("+").doesNotStartWith("-")
          .doesNotStartWith("@").doesNotStartWith("\t").doesNotStartWith("\r");
      assertThat(row.get(2)).startsWith("'=");
    }

    shelf.delete("/books?title=plain");
    for (String title : TITLES) {
      shelf.delete("/books?title=" + java.net.URLEncoder.encode(title, java.nio.charset.StandardCharsets.UTF_8));
    }
    HttpResponse<Buffer> imported = shelf.send(HttpMethod.POST, "/books/import", csv, "text/csv");
    assertThat(imported.statusCode()).as(imported.bodyAsString()).isEqualTo(201);

    List<String> titles = shelf.get("/books?limit=100").bodyAsJsonObject().getJsonArray("items").stream()
        .map(item -> ((JsonObject) item).getString("title")).toList();
    assertThat(titles).containsExactlyElementsOf(TITLES);
    assertThat(shelf.get("/books?limit=1").bodyAsJsonObject().getJsonArray("items").getJsonObject(0)
        .getString("author")).isEqualTo("=HYPERLINK(\"x\")");
  }
}
