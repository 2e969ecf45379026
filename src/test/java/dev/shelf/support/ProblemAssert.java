package dev.shelf.support;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;

/** Checks that a response is an RFC 9457 problem with the expected status. */
public final class ProblemAssert {

  private ProblemAssert() {
  }

  /** Asserts the status, the problem+json type and shape; returns the body for further checks. */
  public static JsonObject assertProblem(HttpResponse<Buffer> response, int status) {
    assertThat(response.statusCode()).as("status of %s", response.bodyAsString()).isEqualTo(status);
    assertThat(response.getHeader("Content-Type")).isEqualTo("application/problem+json");
    JsonObject problem = response.bodyAsJsonObject();
    assertThat(problem.getInteger("status")).isEqualTo(status);
    assertThat(problem.getString("type")).isNotBlank();
    assertThat(problem.getString("title")).isNotBlank();
    assertThat(problem.getString("detail")).isNotBlank();
    assertThat(response.bodyAsString()).doesNotContain("Exception").doesNotContain("\tat ");
    return problem;
  }
}
