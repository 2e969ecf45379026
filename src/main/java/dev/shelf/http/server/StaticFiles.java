package dev.shelf.http.server;

import dev.shelf.http.PercentDecoding;
import dev.shelf.http.Problems;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.file.FileProps;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.MimeMapping;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;

/**
 * Serves {@code webroot/}: from the working directory when it has one (edit pages without a
 * rebuild), else from the copy inside the jar. Only regular files whose real path (symbolic links
 * resolved) is inside the real webroot are served, and no hidden file or folder (a name starting
 * with a dot: {@code /.env}, {@code /.git/config}); anything else falls through to the 404
 * problem, like a file that does not exist. Looking a file up touches the disk, so it runs on a
 * worker thread; the bytes are sent by Vert.x asynchronously.
 *
 * <p>Responses carry {@code Last-Modified} and a weak {@code ETag} and ask to be revalidated
 * ({@code Cache-Control: no-cache}), so a browser gets 304 until a file changes. A GET may ask for
 * one byte range ({@link ByteRange}): 206 with {@code Content-Range}, or 416 past the end.
 */
final class StaticFiles implements Handler<RoutingContext> {

  static final String ROOT = "webroot";
  private static final DateTimeFormatter HTTP_DATE =
      DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.ENGLISH).withZone(ZoneOffset.UTC);

  /** A file found to serve: what to hand {@code sendFile}, or a folder to redirect to with a slash. */
  private record Found(String file, long size, long lastModifiedMs, boolean folder) {
  }

  private final Vertx vertx;
  private final Path root;

  StaticFiles(Vertx vertx) {
    this(vertx, Path.of(ROOT));
  }

  /** Serves {@code root} (tests give a folder of their own). */
  StaticFiles(Vertx vertx, Path root) {
    this.vertx = vertx;
    this.root = root;
  }

  @Override
  public void handle(RoutingContext ctx) {
    String relative = relativePath(ctx.normalizedPath());
    if (relative == null) {
      ctx.next();
      return;
    }
    boolean paused = !ctx.request().isEnded();
    if (paused) {
      ctx.request().pause();
    }
    vertx.executeBlocking(() -> find(relative), false).onComplete(found -> {
      if (paused) {
        ctx.request().resume();
      }
      if (found.failed() || found.result() == null) {
        ctx.next();
      } else if (found.result().folder()) {
        ctx.response().setStatusCode(301).putHeader("Location", ctx.normalizedPath() + "/").end();
      } else {
        send(ctx, found.result());
      }
    });
  }

  /**
   * The path below webroot, percent-decoded, with {@code index.html} for a folder; null for a path
   * no file may have: a hidden or dot segment, an empty segment, a NUL or a backslash.
   */
  private static String relativePath(String path) {
    String decoded = PercentDecoding.decode(path);
    if (decoded == null || !decoded.startsWith("/") || decoded.indexOf('\0') >= 0 || decoded.indexOf('\\') >= 0) {
      return null;
    }
    String relative = decoded.substring(1) + (decoded.endsWith("/") ? "index.html" : "");
    for (String segment : relative.split("/", -1)) {
      if (segment.isEmpty() || segment.startsWith(".")) {
        return null;
      }
    }
    return relative;
  }

  /** Runs on a worker: null when there is nothing to serve. */
  private Found find(String relative) throws IOException {
    if (!Files.isDirectory(root)) {
      // The jar's copy: Vert.x resolves it from the class path (a jar holds no links).
      String inJar = root + "/" + relative;
      FileProps props = vertx.fileSystem().propsBlocking(inJar);
      return props.isDirectory() ? new Found(null, 0, 0, true)
          : props.isRegularFile() ? new Found(inJar, props.size(), props.lastModifiedTime(), false) : null;
    }
    Path realRoot = root.toRealPath();
    Path real;
    try {
      real = realRoot.resolve(relative).toRealPath();
    } catch (IOException missing) {
      return null;
    }
    if (!real.startsWith(realRoot) || hidden(realRoot.relativize(real))) {
      return null;
    }
    if (Files.isDirectory(real)) {
      return new Found(null, 0, 0, true);
    }
    return Files.isRegularFile(real)
        ? new Found(real.toString(), Files.size(real), Files.getLastModifiedTime(real).toMillis(), false) : null;
  }

  /** A link inside webroot may still point at a hidden file. */
  private static boolean hidden(Path relative) {
    for (Path name : relative) {
      if (name.toString().startsWith(".")) {
        return true;
      }
    }
    return false;
  }

  private static void send(RoutingContext ctx, Found found) {
    HttpServerResponse response = ctx.response();
    String etag = "W/\"" + Long.toHexString(found.size()) + "-" + Long.toHexString(found.lastModifiedMs()) + "\"";
    String lastModified = HTTP_DATE.format(Instant.ofEpochMilli(found.lastModifiedMs()));
    response.putHeader("Cache-Control", "no-cache").putHeader("ETag", etag).putHeader("Last-Modified", lastModified)
        .putHeader("Accept-Ranges", "bytes").putHeader("Vary", "Accept-Encoding")
        .putHeader("Content-Type", contentType(found.file()));
    if (notModified(ctx, etag, found.lastModifiedMs())) {
      response.setStatusCode(304).end();
      return;
    }
    ByteRange range = requestedRange(ctx, lastModified, found.size());
    if (range == ByteRange.UNSATISFIABLE) {
      response.putHeader("Content-Range", range.contentRange(found.size()));
      Problems.send(ctx, 416, "the Range starts past the end of the file (" + found.size() + " bytes)", List.of());
    } else if (ctx.request().method() == HttpMethod.HEAD) {
      response.putHeader("Content-Length", String.valueOf(found.size())).end();
    } else if (range != null) {
      // A part of the file is sent as it is on disk: Content-Range counts those bytes, not gzip's.
      response.setStatusCode(206).putHeader("Content-Range", range.contentRange(found.size()))
          .putHeader("Content-Encoding", "identity");
      response.sendFile(found.file(), range.first(), range.length()).onFailure(ctx::fail);
    } else {
      response.sendFile(found.file()).onFailure(ctx::fail);
    }
  }

  /** If-None-Match wins over If-Modified-Since (RFC 9110 section 13.2.2). */
  private static boolean notModified(RoutingContext ctx, String etag, long lastModifiedMs) {
    String ifNoneMatch = ctx.request().getHeader("If-None-Match");
    if (ifNoneMatch != null) {
      return ifNoneMatch.strip().equals("*") || ifNoneMatch.contains(etag.substring(2));
    }
    Instant since = parseDate(ctx.request().getHeader("If-Modified-Since"));
    return since != null && lastModifiedMs / 1000 <= since.getEpochSecond();
  }

  /** Only a GET takes a Range, and only while If-Range (when sent) still names this version. */
  private static ByteRange requestedRange(RoutingContext ctx, String lastModified, long size) {
    String range = ctx.request().getHeader("Range");
    String ifRange = ctx.request().getHeader("If-Range");
    if (range == null || ctx.request().method() != HttpMethod.GET || (ifRange != null && !ifRange.strip().equals(lastModified))) {
      return null;
    }
    return ByteRange.parse(range, size);
  }

  private static String contentType(String file) {
    String type = MimeMapping.mimeTypeForFilename(file);
    if (type == null) {
      return "application/octet-stream";
    }
    return type.startsWith("text/") ? type + ";charset=UTF-8" : type;
  }

  private static Instant parseDate(String header) {
    try {
      return header == null ? null : ZonedDateTime.parse(header.strip(), HTTP_DATE).toInstant();
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
