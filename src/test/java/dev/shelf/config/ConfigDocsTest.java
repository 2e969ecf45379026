package dev.shelf.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Keeps the config table in docs/configuration.md, conf/config.json and the code from drifting.
 * The keys and defaults come from the code itself (the defaults a config with nothing set loads
 * to, in the shape handed to the verticles), so a key added to {@link ShelfConfig} without a row
 * in the table, or a default changed without the table, fails here.
 */
@DisplayName("Config docs: the table in docs/configuration.md lists exactly the code's keys and defaults")
class ConfigDocsTest {

  private static final Path TABLE = Path.of("docs/configuration.md");
  private static final String HEADER = "| key | env variable | default | meaning |";
  private static final Pattern CELL_CODE = Pattern.compile("^`([^`]*)`");
  private static final int CORES = Runtime.getRuntime().availableProcessors();

  /** Every key with its default, as the code has them. */
  private static Map<String, Object> codeDefaults() {
    Map<String, Object> keys = new LinkedHashMap<>();
    flatten("", ShelfConfig.load(new JsonObject(), Map.of(), "defaults").toJson(), keys);
    return keys;
  }

  @Test
  @DisplayName("every key of the code has one row, and every row names a key of the code")
  void tableListsExactlyTheKeys() throws IOException {
    Map<String, Row> table = table();

    assertThat(table.keySet()).containsExactlyInAnyOrderElementsOf(codeDefaults().keySet());
  }

  @Test
  @DisplayName("each row's environment variable is the one the code reads")
  void environmentNames() throws IOException {
    table().forEach((key, row) ->
        assertThat(row.env()).as("env column of %s", key).contains("`" + ShelfConfig.envName(key) + "`"));
  }

  @Test
  @DisplayName("each row's default is the code's default ('cores' for the per-core ones)")
  void defaults() throws IOException {
    Map<String, Row> table = table();
    codeDefaults().forEach((key, value) -> {
      assertThat(table).as("a row for %s", key).containsKey(key);
      assertThat(documented(table.get(key).defaultCell())).as("default column of %s", key).isEqualTo(shown(value));
    });
  }

  @Test
  @DisplayName("conf/config.json sets exactly the code's keys")
  void committedFileHasTheSameKeys() throws IOException {
    Map<String, Object> file = new LinkedHashMap<>();
    flatten("", new JsonObject(Files.readString(Path.of("conf/config.json"))), file);

    assertThat(file.keySet()).containsExactlyInAnyOrderElementsOf(codeDefaults().keySet());
  }

  private record Row(String env, String defaultCell) {}

  /** The rows of the config table, by key. */
  private static Map<String, Row> table() throws IOException {
    List<String> lines = Files.readAllLines(TABLE);
    int start = lines.indexOf(HEADER);
    assertThat(start).as("%s has the config table header %s", TABLE, HEADER).isNotNegative();
    Map<String, Row> rows = new LinkedHashMap<>();
    for (String line : lines.subList(start + 2, lines.size())) {
      if (!line.startsWith("|")) {
        break;
      }
      String[] cells = line.split("\\|");
      String key = cells[1].strip().replace("`", "");
      assertThat(rows.put(key, new Row(cells[2].strip(), cells[3].strip()))).as("%s listed twice", key).isNull();
    }
    return rows;
  }

  /** A default cell as the value it stands for: its first `code` span, or a word. */
  private static String documented(String cell) {
    Matcher code = CELL_CODE.matcher(cell);
    if (code.find()) {
      String value = code.group(1);
      return value.equals("\"\"") ? "" : value;
    }
    return switch (cell) {
      case "cores" -> String.valueOf(CORES);
      case "empty" -> "";
      default -> cell;
    };
  }

  private static String shown(Object value) {
    return value instanceof JsonArray array ? array.encode() : String.valueOf(value);
  }

  private static void flatten(String prefix, JsonObject json, Map<String, Object> into) {
    for (Map.Entry<String, Object> entry : json) {
      if (entry.getKey().startsWith("//")) {
        continue;
      }
      if (entry.getValue() instanceof JsonObject nested) {
        flatten(prefix + entry.getKey() + ".", nested, into);
      } else {
        into.put(prefix + entry.getKey(), entry.getValue());
      }
    }
  }
}
