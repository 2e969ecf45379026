package dev.shelf.http.api;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.shelf.http.ProblemException;
import dev.shelf.model.FieldError;
import dev.shelf.model.RecordInput;
import dev.shelf.model.Resource;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.util.List;

/**
 * A JSON import, an array of objects, streamed with jackson-core one element at a time. Only a
 * record's own fields are kept (and the names of the first {@value ImportRows#MAX_UNKNOWN_REPORTED}
 * unknown ones): an object with a million keys costs a counter, not a million entries. Strict JSON:
 * no comments, nothing after the array.
 */
final class JsonRows implements ImportRows {

  /** Names are not canonicalised: an import may hold a million distinct unknown ones. */
  private static final JsonFactory FACTORY = JsonFactory.builder()
      .disable(JsonFactory.Feature.CANONICALIZE_FIELD_NAMES).build();

  private final Resource resource;
  private final JsonParser parser;
  private boolean ended;

  /** Opens the body and reads up to the start of its array. */
  JsonRows(Resource resource, Buffer body) {
    this.resource = resource;
    try {
      this.parser = FACTORY.createParser(ImportRows.utf8(body));
      JsonToken first = parser.nextToken();
      if (first == null) {
        throw ProblemException.badRequest("the body is not valid JSON");
      }
      if (first != JsonToken.START_ARRAY) {
        throw ProblemException.badRequest("a JSON import must be an array of objects");
      }
    } catch (IOException e) {
      throw failure(e);
    }
  }

  @Override
  public Row next() {
    if (ended) {
      return null;
    }
    try {
      JsonToken token = parser.nextToken();
      if (token == JsonToken.END_ARRAY) {
        ended = true;
        if (parser.nextToken() != null) {
          throw ProblemException.badRequest("the body is not valid JSON: there is more after the array");
        }
        return null;
      }
      if (token == JsonToken.START_OBJECT) {
        return object();
      }
      if (token == null) {
        throw ProblemException.badRequest("the body is not valid JSON");
      }
      parser.skipChildren();
      return new Row(new JsonObject(), List.of(new FieldError("(row)", "must be a JSON object")));
    } catch (IOException e) {
      throw failure(e);
    }
  }

  /** Reads one object, the parser at its start; leaves it at its end. */
  private Row object() throws IOException {
    JsonObject values = new JsonObject();
    int unknown = 0;
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String name = parser.currentName();
      JsonToken token = parser.nextToken();
      if (resource.field(name).isPresent()) {
        values.put(name, value(token));
      } else {
        parser.skipChildren();
        if (RecordInput.SERVER_FIELDS.contains(name)) {
          continue;
        }
        if (unknown++ < MAX_UNKNOWN_REPORTED) {
          values.put(name, null);
        }
      }
    }
    if (unknown <= MAX_UNKNOWN_REPORTED) {
      return new Row(values, List.of());
    }
    return new Row(values, List.of(new FieldError("(row)", "has " + (unknown - MAX_UNKNOWN_REPORTED)
        + " more field(s) that are not fields of a " + resource.singular() + " (only the first "
        + MAX_UNKNOWN_REPORTED + " are named)")));
  }

  /** The value at the current token, as Vert.x would decode it; a nested value is skipped, only its kind kept. */
  private Object value(JsonToken token) throws IOException {
    return switch (token) {
      case VALUE_STRING -> parser.getText();
      case VALUE_NUMBER_INT -> parser.getNumberValue();
      case VALUE_NUMBER_FLOAT -> parser.getDoubleValue();
      case VALUE_TRUE -> Boolean.TRUE;
      case VALUE_FALSE -> Boolean.FALSE;
      case START_OBJECT -> {
        parser.skipChildren();
        yield new JsonObject();
      }
      case START_ARRAY -> {
        parser.skipChildren();
        yield new JsonArray();
      }
      default -> null;
    };
  }

  private static ProblemException failure(IOException e) {
    ProblemException notUtf8 = ImportRows.notUtf8(e);
    return notUtf8 != null ? notUtf8 : ProblemException.badRequest("the body is not valid JSON");
  }
}
