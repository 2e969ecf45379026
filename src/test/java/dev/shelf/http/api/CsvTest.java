package dev.shelf.http.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shelf.http.ProblemException;
import dev.shelf.model.Resource;
import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("CSV as RFC 4180 has it: quoting on the way out (Csv), and the import reading back what was written (CsvRows)")
class CsvTest {

  @Test
  @DisplayName("fields with a comma, quote, CR or LF are quoted with quotes doubled; null is an empty field; records end in CRLF")
  void writes() {
    assertThat(Csv.record(Arrays.asList(1, "plain", null, "a,b", "say \"hi\"", "two\nlines", "cr\r"))).isEqualTo(
        "1,plain,,\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",\"cr\r\"\r\n");
  }

  @Test
  @DisplayName("whatever is written reads back the same, with or without a final line end, with LF or CRLF, after a byte-order mark")
  void roundTrip() {
    List<String> values = List.of("x", "a,b", "\"", "\"\"", "line\r\nbreak", " spaced ", "é, ü, 日本", "x\"y");
    StringBuilder text = new StringBuilder(Csv.record(List.of("title", "author")));
    values.forEach(value -> text.append(Csv.record(List.of(value, "by " + value))));

    assertThat(titles("\uFEFF" + text)).isEqualTo(values);
    assertThat(titles(text.substring(0, text.length() - 2))).isEqualTo(values);
    assertThat(titles("title,author\nc,d\n\n\r\n")).as("blank lines at the end are not rows").containsExactly("c");
    assertThat(read("title,author\n\nc,d\n")).as("a blank line inside is a record of one empty field")
        .extracting(row -> row.errors().isEmpty()).containsExactly(false, true);
    assertThat(CsvRows.open(Resource.BOOKS, Buffer.buffer("\r\n\n"))).as("only blank lines: no header").isNull();
  }

  @Test
  @DisplayName("text after a closing quote or an unclosed quote is a 400 naming the record; bytes that are not UTF-8 are a 400")
  void malformed() {
    assertThatThrownBy(() -> read("\"title\"b,author\r\n")).isInstanceOf(ProblemException.class)
        .hasMessageContaining("record 1").hasMessageContaining("text after a closing quote");
    assertThatThrownBy(() -> read("title,author\r\n\"open,x")).hasMessageContaining("record 2").hasMessageContaining("never closed");
    assertThatThrownBy(() -> CsvRows.open(Resource.BOOKS, Buffer.buffer(new byte[] {'t', (byte) 0xC3, '\n'})))
        .hasMessage("the body is not valid UTF-8");
  }

  private static List<String> titles(String csv) {
    return read(csv).stream().map(row -> row.values().getString("title")).toList();
  }

  private static List<ImportRows.Row> read(String csv) {
    ImportRows rows = CsvRows.open(Resource.BOOKS, Buffer.buffer(csv));
    List<ImportRows.Row> all = new ArrayList<>();
    for (ImportRows.Row row = rows.next(); row != null; row = rows.next()) {
      all.add(row);
    }
    return all;
  }
}
