package dev.shelf.http.api;

import dev.shelf.http.ProblemException;
import dev.shelf.model.FieldError;
import dev.shelf.model.Resource;
import dev.shelf.model.ValidationException;
import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The parts of one resource's requests that are read the same wherever they come from, a request
 * of its own or an operation of a batch: the record id in the path and the title filter of a
 * delete. Bad input is a {@link ProblemException} or a {@link ValidationException}.
 */
final class ResourceRequests {

  private static final Pattern ID = Pattern.compile("[1-9]\\d{0,17}");

  private final Resource resource;

  ResourceRequests(Resource resource) {
    this.resource = resource;
  }

  /** The id of {@code /books/:id}; 404 when it cannot be one, as for any unknown record. */
  long id(String raw) {
    if (raw == null || !ID.matcher(raw).matches()) {
      throw ProblemException.notFound("no " + resource.singular() + " with id '" + raw + "'");
    }
    return Long.parseLong(raw);
  }

  /** {@code DELETE /books?title=…}, or the same filter as a JSON body (may be null); never without a filter. */
  String deleteTitle(MultiMap query, JsonObject body) {
    return query.isEmpty() ? titleFromBody(body) : titleFromQuery(query);
  }

  private String titleFromQuery(MultiMap query) {
    List<String> titles = query.getAll("title");
    if (query.size() != titles.size() || titles.size() != 1) {
      throw ProblemException.badRequest("delete " + resource.name() + " by giving exactly one 'title' parameter");
    }
    return titles.get(0);
  }

  private String titleFromBody(JsonObject filter) {
    if (filter == null || filter.isEmpty()) {
      throw ProblemException.badRequest("refusing to delete every " + resource.singular()
          + ": give a filter, ?title=… or a body {\"title\":\"…\"}");
    }
    List<FieldError> errors = filter.fieldNames().stream().filter(name -> !name.equals("title"))
        .map(name -> new FieldError(name, "is not a filter for deleting; only title is")).toList();
    if (!errors.isEmpty()) {
      throw new ValidationException(errors);
    }
    if (!(filter.getValue("title") instanceof String title)) {
      throw new ValidationException(List.of(new FieldError("title", "must be a string")));
    }
    return title;
  }
}
