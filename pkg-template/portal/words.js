// Everything the portal says about errors and answers, in plain words for
// the person at the screen (not for a developer reading a stack trace):
// what went wrong, whose side it is on, and what to do.

/**
 * Where a failure comes from, for the connection status:
 * ok | proxy (the backend proxy answered itself) | unreachable (nothing or
 * a gateway error between the proxy and CallingBox) | auth | ratelimit |
 * callingbox (an API answer) | input (refused before sending).
 * @typedef {'ok'|'proxy'|'unreachable'|'auth'|'ratelimit'|'callingbox'|'input'} Source
 */

/**
 * The API's own words from a package ApiError. The package's message reads
 * "webhookEndpoints.create failed: HTTP 503 Service Unavailable: <the API's
 * words> (request req_…) after 2 attempts. The outcome is unknown: …": the
 * status, request id and advice are shown separately (or replaced by the
 * portal's own advice), so only the middle is kept.
 * @param {any} err
 * @returns {string}
 */
export function apiWords(err) {
  const full = String(err?.message ?? '');
  const match = /HTTP \d{3}(?: [A-Za-z' -]+?)?: ([\s\S]*)$/.exec(full);
  if (!match) return '';
  return match[1]
    .split(/ \(request [^)]*\)| after \d+ attempts|; the API asked to wait| The outcome is unknown|\. It was not retried/)[0]
    .replace(/\.$/, '')
    .trim();
}

/** "the dashboard proxy has no API key" -> "The dashboard proxy has no API key." */
export function sentence(text) {
  const t = String(text ?? '').trim();
  if (!t) return '';
  const capital = t[0].toUpperCase() + t.slice(1);
  return /[.!?]$/.test(capital) ? capital : `${capital}.`;
}

/**
 * Whether an error answer came from the backend proxy itself rather than
 * from CallingBox: every CallingBox answer carries an x-request-id, a
 * proxy's own error (no key configured, a bad route) does not.
 */
function fromProxy(err) {
  return typeof err?.status === 'number' && !err.requestId;
}

/**
 * Classifies an error for the connection status.
 * @param {any} err
 * @returns {Source}
 */
export function sourceOf(err) {
  if (!err) return 'ok';
  if (err.name === 'ValidationError') return 'input';
  if (typeof err.status === 'number') {
    if ([502, 503, 504].includes(err.status) && fromProxy(err)) return 'unreachable';
    if (fromProxy(err)) return 'proxy';
    if (err.status === 401 || err.status === 403) return 'auth';
    if (err.status === 429) return 'ratelimit';
    return 'callingbox';
  }
  return 'unreachable';
}

/**
 * Turns anything the client throws into { title, detail, requestId, source }.
 * Matches on `name` and fields rather than classes, so it also explains
 * errors of another copy of the package.
 * @param {unknown} error
 * @param {string} action what was being done: "create the endpoint"
 * @param {{ via: string, direct?: boolean }} where "your backend proxy (…)" or "the API at …"
 */
export function describeError(error, action, where) {
  const err = /** @type {any} */ (error) ?? {};
  const requestId = err.requestId ?? null;
  const source = sourceOf(err);
  const title = (text) => `Could not ${action}: ${text}`;
  const words = typeof err.status === 'number' ? apiWords(err) : '';
  const said = words ? ` It said: “${sentence(words)}”` : '';
  const result = (t, detail) => ({ title: title(t), detail, requestId, source });

  if (err.name === 'ValidationError') return result('check the input.', sentence(err.message));
  if (typeof err.status === 'number') {
    const s = err.status;
    if (fromProxy(err)) {
      if (source === 'unreachable') {
        return result(`${where.via} could not reach CallingBox (${s}).`,
          `${words ? `${sentence(words)} ` : ''}Check that the proxy can reach the API, then try again.`);
      }
      return result(`${where.via} answered ${s} before reaching CallingBox.`,
        words ? sentence(words) : 'Check the proxy’s logs and configuration.');
    }
    if (s === 400) return result('CallingBox refused the request.', sentence(words) || undefined);
    if (s === 401) {
      return result('the API key was refused (401).', where.direct
        ? 'Check the key you entered.'
        : 'The key your backend proxy adds is missing, mistyped or revoked: check CALLINGBOX_API_KEY where the proxy runs.');
    }
    if (s === 403) return result('this API key is not allowed to do that (403).', sentence(words) || undefined);
    if (s === 404) return result('it no longer exists (404).', 'It may have been deleted elsewhere; the list was refreshed.');
    if (s === 409) return result('CallingBox refused it (409).', sentence(words) || undefined);
    if (s === 429) {
      const wait = err.retryAfterMs ? `try again in ${Math.ceil(err.retryAfterMs / 1000)} s.` : 'wait a moment and try again.';
      return result('too many requests (429).', `CallingBox is limiting the rate of requests: ${wait}`);
    }
    if (s >= 500) return result(`CallingBox had a problem (${s}).`, `${words ? `${sentence(words)} ` : ''}Try again in a moment.`);
    return result(`CallingBox answered ${s}.`, sentence(words) || undefined);
  }
  if (err.name === 'TimeoutError') return result('no answer in time.', `${sentence(where.via)} took too long to answer.`);
  if (err.name === 'AbortError') return result('it was canceled.', undefined);
  return result(`${where.via} did not answer.`, 'Check your network connection and that the proxy is running, then try again.');
}

// ---- a receiver's answer -------------------------------------------------------

const REASONS = {
  200: 'OK', 201: 'Created', 202: 'Accepted', 204: 'No Content',
  301: 'Moved Permanently', 302: 'Found', 307: 'Temporary Redirect', 308: 'Permanent Redirect',
  400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 405: 'Method Not Allowed',
  408: 'Request Timeout', 410: 'Gone', 413: 'Payload Too Large', 415: 'Unsupported Media Type',
  422: 'Unprocessable Entity', 429: 'Too Many Requests',
  500: 'Internal Server Error', 501: 'Not Implemented', 502: 'Bad Gateway', 503: 'Service Unavailable', 504: 'Gateway Timeout',
};

/** "HTTP 503 Service Unavailable" */
export function httpStatus(status) {
  return `HTTP ${status}${REASONS[status] ? ` ${REASONS[status]}` : ''}`;
}

/**
 * What a delivery's last response means, for a person: { headline, advice }.
 * @param {{ last_response_status: number|null, last_error: string|null, status: string, url: string }} d
 */
export function explainLastResponse(d) {
  const s = d.last_response_status;
  const e = d.last_error ?? '';
  const host = (() => {
    try { return new URL(d.url).host; } catch { return d.url; }
  })();
  if (s === null || s === undefined) {
    if (!e) {
      return { headline: 'No attempt has been made yet.', advice: d.status === 'pending' ? 'The first attempt is due now.' : null };
    }
    if (e === 'endpoint deleted') return { headline: 'Its endpoint was deleted before it could be delivered.', advice: 'It cannot be redelivered: the destination no longer exists.' };
    const timeout = /timed out after (\d+)/.exec(e);
    if (timeout) return { headline: `Your server did not answer within ${Math.round(Number(timeout[1]) / 1000) || 1} s.`, advice: 'CallingBox waits at most 10 s. Answer 2xx first and do slow work afterwards (a queue).' };
    if (/ECONNREFUSED/.test(e)) return { headline: `Nothing accepted the connection at ${host} (connection refused).`, advice: 'Is your server running and listening on that port?' };
    if (/ENOTFOUND|EAI_AGAIN/.test(e)) return { headline: `The name ${host} could not be resolved (DNS).`, advice: 'Check the endpoint URL for typos.' };
    if (/ECONNRESET|socket hang up/.test(e)) return { headline: `${host} closed the connection without answering.`, advice: 'Look at your server’s logs around that time.' };
    if (/CERT|SSL|TLS/i.test(e)) return { headline: `The TLS certificate of ${host} was not accepted.`, advice: 'CallingBox needs a valid certificate for the host name.' };
    return { headline: `No answer: ${e}.`, advice: null };
  }
  const code = httpStatus(s);
  if (s >= 200 && s < 300) return { headline: `Your server answered ${code}: delivered.`, advice: null };
  if (s >= 300 && s < 400) return { headline: `Your server answered ${code}, a redirect.`, advice: 'Redirects are not followed: point the endpoint at the final URL.' };
  if (s === 400) return { headline: `Your server refused it with ${code}.`, advice: 'Often a failed signature check: after a rotation, your server needs the new signing secret. Also check that it reads the raw body.' };
  if (s === 401 || s === 403) return { headline: `Your server refused it with ${code}.`, advice: 'Something in front of your handler asks for credentials: CallingBox signs deliveries instead; let them through.' };
  if (s === 404 || s === 405 || s === 410) return { headline: `Your server answered ${code}.`, advice: 'The URL or method is not handled there: check the endpoint URL (CallingBox POSTs).' };
  if (s === 413) return { headline: `Your server answered ${code}.`, advice: 'Raise its request body limit: events are JSON of a few kilobytes.' };
  if (s === 429) return { headline: `Your server asked CallingBox to slow down (${code}).`, advice: 'It will be retried on the schedule.' };
  if (s >= 500) return { headline: `Your server failed with ${code}.`, advice: 'Look at its logs for this event id.' };
  return { headline: `Your server answered ${code}.`, advice: 'Any 2xx counts as delivered; everything else is a failed attempt.' };
}
