package dev.shelf.config;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Where the config came from, and a strict re-read of the launcher's {@code -conf} option.
 *
 * <p>Why: Vert.x 5's {@code VertxApplication} reads {@code -conf} leniently. A missing or
 * malformed file only logs a warning and the verticle is deployed with an empty config, which
 * would start Shelf silently on its defaults. {@code ShelfApplication} (the launcher's hooks)
 * therefore hands the option to the main verticle, which reads it again here, failing with one
 * line that names the file.
 */
public record ConfSource(String description, JsonObject json) {

  /** The config the launcher handed over, or the {@code -conf} option read strictly if there was one. */
  public static ConfSource resolve(JsonObject deploymentConfig, Optional<String> confOption) {
    return confOption
        .map(ConfSource::read)
        .orElseGet(() -> new ConfSource(deploymentConfig.isEmpty() ? "defaults" : "deployment config",
            deploymentConfig));
  }

  /** The value of the last {@code -conf}/{@code --conf} option (any case, with a space or '='). */
  public static Optional<String> confOption(List<String> args) {
    String value = null;
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      String lower = arg.toLowerCase(Locale.ROOT);
      if ((lower.equals("-conf") || lower.equals("--conf")) && i + 1 < args.size()) {
        value = args.get(++i);
      } else if (lower.startsWith("-conf=") || lower.startsWith("--conf=")) {
        value = arg.substring(arg.indexOf('=') + 1);
      }
    }
    return Optional.ofNullable(value);
  }

  /** Reads the option as the launcher does (a file, else inline JSON), but fails instead of ignoring. */
  static ConfSource read(String option) {
    String trimmed = option.strip();
    if (trimmed.startsWith("{")) {
      return new ConfSource("-conf JSON", parse(trimmed, "-conf JSON"));
    }
    Path path;
    try {
      path = Path.of(option);
    } catch (InvalidPathException e) {
      throw new ConfigException("config file " + option + ": not a valid path");
    }
    if (!Files.isRegularFile(path)) {
      throw new ConfigException("config file " + option + ": not found");
    }
    try {
      return new ConfSource("config file " + option, parse(Files.readString(path, StandardCharsets.UTF_8), "config file " + option));
    } catch (IOException e) {
      throw new ConfigException("config file " + option + ": cannot be read (" + e.getMessage() + ")");
    }
  }

  private static JsonObject parse(String text, String name) {
    try {
      return new JsonObject(text);
    } catch (DecodeException e) {
      String reason = e.getMessage() == null ? "" : e.getMessage().lines().findFirst().orElse("");
      throw new ConfigException(name + ": not a valid JSON object (" + reason + ")");
    }
  }
}
