// Small shared pieces: constants from the spec, id and time helpers, the
// signature function and the error type the routes throw.
import { createHmac, randomBytes, randomUUID } from 'node:crypto';

export const EVENT_TYPES = Object.freeze([
  'call.queued',
  'call.ringing',
  'call.answered',
  'call.completed',
  'call.failed',
  'call.no_answer',
  'call.busy',
  'call.canceled',
]);

export const API_VERSION = '2026-04';

// One fixed organisation for every endpoint and delivery (a valid uuid v4).
export const ORG_ID = '0b7c6f1e-3a57-4c1d-9f6e-5d2a8b4c9e10';

export const DEFAULT_API_KEY = 'sk_test_emulator_key';
export const DEFAULT_PORT = 4010;

export const newId = () => randomUUID();
export const newRequestId = () => `req_${randomBytes(12).toString('hex')}`;
export const newSigningSecret = () => `whsec_${randomBytes(16).toString('hex')}`;

/** RFC 3339 in UTC with `Z` and whole seconds, like the API reference examples. */
export function rfc3339(ms = Date.now()) {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export const unixSeconds = (ms = Date.now()) => Math.floor(ms / 1000);

/**
 * The CallingBox v1 signature: lowercase hex HMAC-SHA256 keyed with the UTF-8
 * bytes of the whole secret (prefix included) over `<t>.<raw body bytes>`.
 */
export function signPayload(secret, timestamp, body) {
  return createHmac('sha256', Buffer.from(secret, 'utf8'))
    .update(`${timestamp}.`, 'utf8')
    .update(typeof body === 'string' ? Buffer.from(body, 'utf8') : body)
    .digest('hex');
}

/** An error that becomes an HTTP answer; `code` is used by the object error form. */
export class ApiError extends Error {
  constructor(status, message, code, headers = {}) {
    super(message);
    this.status = status;
    this.code = code;
    this.headers = headers;
  }
}

export const badRequest = (message) => new ApiError(400, message, 'invalid_request');
export const notFound = (message) => new ApiError(404, message, 'not_found');
export const conflict = (message) => new ApiError(409, message, 'conflict');

export const isPlainObject = (value) =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

