// Calls to the JSON API. Every failure becomes an ApiError whose message can be shown as it is:
// the server's problem+json detail, or plain words for a network failure or a timeout.

const TIMEOUT_MS = 15000;

export class ApiError extends Error {
  /**
   * @param kind 'network' (no answer), 'server' (5xx), 'invalid' (422 with field errors) or 'refused' (other 4xx)
   * @param problem the problem+json body, when there was one
   */
  constructor(kind, message, status = 0, problem = null) {
    super(message);
    this.kind = kind;
    this.status = status;
    this.problem = problem;
  }

  /** The field errors of a 422: [{field, message}]. */
  get fieldErrors() {
    return (this.problem && Array.isArray(this.problem.errors)) ? this.problem.errors : [];
  }
}

let askToken = async () => null;

/**
 * Sets how to ask for an access token when the server answers 401 (Shelf started with
 * auth.token): {@code ask} resolves to the token, or null if the person cancelled.
 */
export function onTokenNeeded(ask) {
  askToken = ask;
}

/** The token for this tab, kept only as long as the tab (sessionStorage). */
function token() {
  return sessionStorage.getItem('shelf.token');
}

/**
 * Sends a request and answers the parsed JSON body (null for 204), or throws an ApiError. On 401
 * it asks for the token once and sends the request again with it.
 * @param options {ifMatch: version} sends If-Match, so a change made meanwhile is not overwritten
 */
export async function call(method, url, body, options = {}) {
  try {
    return await send(method, url, body, options);
  } catch (e) {
    if (e.status !== 401) {
      throw e;
    }
    const given = await askToken(e.message);
    if (!given) {
      throw e;
    }
    sessionStorage.setItem('shelf.token', given);
    return send(method, url, body, options);
  }
}

async function send(method, url, body, options) {
  const headers = { Accept: 'application/json' };
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
  }
  if (token()) {
    headers.Authorization = `Bearer ${token()}`;
  }
  if (options.ifMatch !== undefined) {
    headers['If-Match'] = `"${options.ifMatch}"`;
  }
  let response;
  let text;
  try {
    response = await fetch(url, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    text = await response.text();
  } catch (e) {
    if (e.name === 'TimeoutError') {
      throw new ApiError('network', `The server did not answer within ${TIMEOUT_MS / 1000} seconds. Try again.`);
    }
    throw new ApiError('network', 'Cannot reach the server. Check your connection and that Shelf is running, then try again.');
  }
  const json = parse(text);
  if (response.ok) {
    return response.status === 204 ? null : json;
  }
  const detail = json && typeof json.detail === 'string' ? json.detail : response.statusText;
  if (response.status >= 500) {
    throw new ApiError('server', `The server failed to answer (${response.status}): ${detail}. Try again in a moment.`,
      response.status, json);
  }
  if (response.status === 422) {
    throw new ApiError('invalid', 'Some fields need attention.', 422, json);
  }
  throw new ApiError('refused', `${detail} (${response.status})`, response.status, json);
}

function parse(text) {
  if (!text) {
    return null;
  }
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
