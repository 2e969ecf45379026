package dev.shelf.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("CSV as RFC 4180 has it: quoting on the way out, and reading back what was written")
class CsvTest {

  @Test
  @DisplayName("fields with a comma, quote, CR or LF are quoted with quotes doubled; null is an empty field; records end in CRLF")
  void writes() {
    assertThat(Csv.record(Arrays.asList(1, "plain", null, "a,b", "say \"hi\"", "two\nlines", "cr\r"))).isEqualTo(
        "1,plain,,\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",\"cr\r\"\r\n");
  }

  @Test
  @DisplayName("whatever is written reads back the same, with or without a final line end, with LF or CRLF")
  void roundTrip() {
    List<String> values = List.of("", "x", "a,b", "\"", "\"\"", "line\r\nbreak", " spaced ", "é, ü, 日本");
    String text = Csv.record(values) + Csv.record(List.of("last"));

    assertThat(Csv.parse(text)).containsExactly(values, List.of("last"));
    assertThat(Csv.parse(text.substring(0, text.length() - 2))).containsExactly(values, List.of("last"));
    assertThat(Csv.parse("a,b\nc,d\n")).containsExactly(List.of("a", "b"), List.of("c", "d"));
    assertThat(Csv.parse("\uFEFFa\r\n")).containsExactly(List.of("a"));
    assertThat(Csv.parse("")).isEmpty();
  }

  @Test
  @DisplayName("a stray quote, text after a closing quote, or an unclosed quote is a 400 naming the record")
  void malformed() {
    assertThatThrownBy(() -> Csv.parse("a,b\r\nx\"y,z\r\n")).isInstanceOf(ProblemException.class).hasMessageContaining("record 2");
    assertThatThrownBy(() -> Csv.parse("\"a\"b\r\n")).hasMessageContaining("text after a closing quote");
    assertThatThrownBy(() -> Csv.parse("a\r\n\"open")).hasMessageContaining("record 2").hasMessageContaining("never closed");
  }
}
