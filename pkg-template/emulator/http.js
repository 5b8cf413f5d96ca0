// HTTP plumbing shared by the API and control routes: bounded body reading,
// answers, CORS, a tiny router and the auth check.
import { ApiError } from './util.js';

export const BODY_LIMIT = 1024 * 1024; // 1 MiB, larger bodies get 413
const DRAIN_LIMIT = 64 * 1024 * 1024; // beyond this a too-large upload is cut off

/**
 * Reads the request body as UTF-8 text. A body over the limit is drained
 * (so the client can still read the 413) but not kept.
 * Resolves { text } or { tooLarge: true }; rejects if the client goes away.
 */
export function readBody(req, limit = BODY_LIMIT) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    let size = 0;
    let ended = false;
    req.on('data', (chunk) => {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
      else if (size > DRAIN_LIMIT) req.destroy();
    });
    req.on('end', () => {
      ended = true;
      resolve(size > limit ? { tooLarge: true } : { text: Buffer.concat(chunks).toString('utf8') });
    });
    req.on('close', () => {
      if (!ended) reject(new Error('client closed the connection before sending the whole body'));
    });
    req.on('error', () => {}); // 'close' above reports it
  });
}

export const EXPOSED_HEADERS = 'x-request-id, retry-after';
export const ALLOWED_METHODS = 'GET, POST, PATCH, DELETE, OPTIONS';

/** Headers every answer carries: the request id and CORS for a browser dashboard. */
export function setCommonHeaders(req, res, requestId) {
  res.setHeader('x-request-id', requestId);
  const origin = req.headers.origin;
  res.setHeader('Access-Control-Allow-Origin', origin ?? '*');
  if (origin) res.setHeader('Vary', 'Origin');
  res.setHeader('Access-Control-Expose-Headers', EXPOSED_HEADERS);
}

/** A CORS preflight answer: allows Authorization, Content-Type and whatever was asked for. */
export function preflightResult(req) {
  const requested = (req.headers['access-control-request-headers'] ?? '')
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean);
  const allowed = [...new Set(['Authorization', 'Content-Type', ...requested])];
  return {
    status: 204,
    headers: {
      'Access-Control-Allow-Methods': ALLOWED_METHODS,
      'Access-Control-Allow-Headers': allowed.join(', '),
      'Access-Control-Max-Age': '600',
    },
  };
}

/**
 * Writes a result `{status, body?, headers?}`; `body` is JSON-encoded unless
 * `rawBody` (text) is given. Silently does nothing if the client is gone.
 */
export function sendResult(res, { status, body, rawBody, headers = {} }) {
  if (res.headersSent || res.destroyed) return;
  let text = rawBody;
  if (text === undefined && body !== undefined) text = JSON.stringify(body);
  const allHeaders = { ...headers };
  if (text !== undefined) {
    allHeaders['Content-Type'] ??= 'application/json';
    allHeaders['Content-Length'] = Buffer.byteLength(text, 'utf8');
  }
  res.writeHead(status, allHeaders);
  res.end(text);
}

/** `{"error": "..."}` (the API's current form) or `{"error": {"message", "code"}}`. */
export function errorBody(message, code, format = 'string') {
  return format === 'object' ? { error: { message, code } } : { error: message };
}

export function errorResult(error, format) {
  if (error instanceof ApiError) {
    return { status: error.status, body: errorBody(error.message, error.code, format), headers: error.headers };
  }
  return { status: 500, body: errorBody(`internal emulator error: ${error.message}`, 'internal_error', format) };
}

/** Routes are `[method, '/path/:param', handler]`; `:param` matches one non-empty segment. */
export function compileRoutes(list) {
  return list.map(([method, path, handler]) => ({ method, parts: path.split('/'), handler }));
}

export function matchRoute(routes, method, pathname) {
  const got = pathname.split('/');
  for (const route of routes) {
    if (route.method !== method || route.parts.length !== got.length) continue;
    const params = {};
    const ok = route.parts.every((part, i) => {
      if (!part.startsWith(':')) return part === got[i];
      params[part.slice(1)] = got[i];
      return got[i] !== '';
    });
    if (ok) return { handler: route.handler, params };
  }
  return null;
}

/**
 * Checks `Authorization: Bearer <key>` against the configured keys.
 * (A plain Set lookup: timing attacks are not a concern for a local emulator.)
 */
export function checkAuth(header, apiKeys) {
  if (header === undefined) return { valid: false, message: 'missing API key: send Authorization: Bearer sk_...' };
  const match = /^Bearer (.+)$/i.exec(header);
  if (!match) return { valid: false, message: 'malformed Authorization header: expected "Bearer sk_..."' };
  if (!apiKeys.includes(match[1])) return { valid: false, message: 'invalid API key' };
  return { valid: true };
}

export function redactHeaders(headers) {
  const copy = { ...headers };
  if (copy.authorization !== undefined) {
    copy.authorization = /^Bearer /i.test(copy.authorization) ? 'Bearer <redacted>' : '<redacted>';
  }
  return copy;
}

/** The log of API requests (not control requests), oldest first, capped. */
export class RequestLog {
  constructor(cap = 10_000) {
    this.cap = cap;
    this.entries = [];
  }

  start({ requestId, req, url, authValid }) {
    const entry = {
      request_id: requestId,
      received_at: new Date().toISOString(),
      method: req.method,
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers: redactHeaders(req.headers),
      auth_key_valid: authValid,
      body: null,
      status: null, // the status sent on the wire; stays null while pending or when dropped
      fault: null,
      processed: false, // whether the API handled it (false when a status fault answered instead)
      dropped: false,
    };
    this.entries.push(entry);
    if (this.entries.length > this.cap) this.entries.shift();
    return entry;
  }

  list({ method, path } = {}) {
    return this.entries.filter(
      (e) => (!method || e.method === method.toUpperCase()) && (!path || e.path === path),
    );
  }

  clear() {
    this.entries = [];
  }
}
