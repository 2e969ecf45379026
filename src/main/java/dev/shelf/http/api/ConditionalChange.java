package dev.shelf.http.api;

import dev.shelf.http.Etags;
import dev.shelf.http.ProblemException;
import dev.shelf.model.Resource;
import dev.shelf.storage.StoreException;
import io.vertx.core.Future;
import java.util.List;
import java.util.OptionalLong;
import java.util.function.Function;

/**
 * A change of one record under its {@code If-Match} header (RFC 9110 section 13.1.1). A list of
 * tags passes when any of them names the current version; {@code *} passes when the record
 * exists, so a missing one is 412 rather than 404. The store checks one expected version
 * atomically with the write, so a list is tried tag by tag: first the first one, then, when the
 * store answers that the record is at another version that is listed too, that one. No version
 * is ever written over without being listed, and no extra read is needed.
 */
final class ConditionalChange {

  /** No If-Match: the change applies to whatever version is current. */
  private static final Etags.Condition NONE = new Etags.Condition() {
  };

  private final boolean required;
  private final Resource resource;

  ConditionalChange(boolean requireIfMatch, Resource resource) {
    this.required = requireIfMatch;
    this.resource = resource;
  }

  /** Reads If-Match: 428 when {@code http.requireIfMatch} wants one and there is none, 412 when it names no version. */
  Etags.Condition read(String header) {
    if (header == null) {
      if (required) {
        throw new ProblemException(428, "changing a " + resource.singular()
            + " needs If-Match with the version you read (its ETag), so concurrent changes are not lost");
      }
      return NONE;
    }
    Etags.Condition condition = Etags.ifMatch(header);
    if (condition instanceof Etags.NoVersion none) {
      throw new ProblemException(412, "If-Match " + none.header() + " names no version of this "
          + resource.singular() + "; send the ETag of the version you read, e.g. If-Match: \"3\"");
    }
    return condition;
  }

  /** Runs {@code change} (given the version to expect, if any) as {@code condition} allows. */
  <T> Future<T> run(Etags.Condition condition, Function<OptionalLong, Future<T>> change) {
    if (condition instanceof Etags.Versions listed) {
      return attempt(listed.versions(), listed.versions().get(0), listed.versions().size(), change);
    }
    Future<T> once = change.apply(OptionalLong.empty());
    if (!(condition instanceof Etags.AnyVersion)) {
      return once;
    }
    return once.recover(e -> Future.failedFuture(missingUnderStar(e)));
  }

  /** Under {@code If-Match: *}, a missing record is 412, not 404: the condition failed. */
  Throwable missingUnderStar(Throwable failure) {
    return failure instanceof StoreException s && s.kind() == StoreException.Kind.NOT_FOUND
        ? new ProblemException(412, "If-Match: * asks for an existing " + resource.singular()
            + ", and there is none with this id")
        : failure;
  }

  /** What {@code condition} expects for a store call that checks a list of versions at once (a batch's). */
  static List<Long> versions(Etags.Condition condition) {
    return condition instanceof Etags.Versions listed ? listed.versions() : List.of();
  }

  private <T> Future<T> attempt(List<Long> listed, long version, int triesLeft,
      Function<OptionalLong, Future<T>> change) {
    return change.apply(OptionalLong.of(version)).recover(e -> {
      if (triesLeft > 1 && e instanceof StoreException s && s.kind() == StoreException.Kind.VERSION_MISMATCH
          && s.currentVersion().isPresent() && s.currentVersion().getAsLong() != version
          && listed.contains(s.currentVersion().getAsLong())) {
        return attempt(listed, s.currentVersion().getAsLong(), triesLeft - 1, change);
      }
      return Future.failedFuture(e);
    });
  }
}
