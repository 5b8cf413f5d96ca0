// Request validation. Every message names the offending field so a client
// test can assert on it; unknown fields are rejected so that typos such as
// `enabledEvents` fail loudly instead of being silently ignored.
import { EVENT_TYPES, badRequest, isPlainObject } from './util.js';

/** Parses a JSON request body that must be an object; an empty body means `{}`. */
export function parseJsonObject(text) {
  if (text.trim() === '') return {};
  let value;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw badRequest(`request body is not valid JSON: ${error.message}`);
  }
  if (!isPlainObject(value)) throw badRequest('request body must be a JSON object');
  return value;
}

export function rejectUnknownFields(object, allowed, what = 'field') {
  for (const key of Object.keys(object)) {
    if (!allowed.includes(key)) throw badRequest(unknownMessage(key, allowed, what));
  }
}

function unknownMessage(key, allowed, what) {
  // camelCase -> snake_case hint, the most likely typo against this API.
  const snake = key.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
  const hint = snake !== key && allowed.includes(snake) ? ` (did you mean "${snake}"?)` : '';
  const list = allowed.length ? `; allowed: ${allowed.join(', ')}` : '; none are accepted';
  return `unknown ${what} "${key}"${hint}${list}`;
}

const LOCAL_HTTP_HOSTS = new Set(['127.0.0.1', 'localhost']);

/** `url` must be an absolute https URL (or local http when the flag allows it). */
export function validateUrl(value, { allowHttpLocalhost }, field = 'url') {
  if (value === undefined) throw badRequest(`${field} is required`);
  if (typeof value !== 'string') throw badRequest(`${field} must be a string`);
  let parsed;
  try {
    parsed = new URL(value);
  } catch {
    throw badRequest(`${field} is not a valid absolute URL`);
  }
  if (parsed.protocol === 'https:') return value;
  if (allowHttpLocalhost && parsed.protocol === 'http:' && LOCAL_HTTP_HOSTS.has(parsed.hostname)) {
    return value;
  }
  const extra = allowHttpLocalhost ? ' (or http://127.0.0.1 / http://localhost)' : '';
  throw badRequest(`${field} must be an https:// URL${extra}`);
}

export function validateDescription(value) {
  if (value === null || typeof value === 'string') return value;
  throw badRequest('description must be a string or null');
}

/** A non-empty array of the eight event types and/or `*`. */
export function validateEnabledEvents(value) {
  if (!Array.isArray(value) || !value.every((item) => typeof item === 'string')) {
    throw badRequest('enabled_events must be an array of strings');
  }
  if (value.length === 0) {
    throw badRequest('enabled_events must not be empty (use ["*"] for every event)');
  }
  for (const item of value) {
    if (item !== '*' && !EVENT_TYPES.includes(item)) {
      throw badRequest(
        `enabled_events contains unknown event type "${item}"; allowed: ${EVENT_TYPES.join(', ')}, *`,
      );
    }
  }
  return [...value];
}

export function validateEndpointStatus(value) {
  if (value === 'enabled' || value === 'disabled') return value;
  throw badRequest('status must be "enabled" or "disabled"');
}

export function validateEventType(value, field = 'type') {
  if (typeof value === 'string' && EVENT_TYPES.includes(value)) return value;
  throw badRequest(`${field} must be one of ${EVENT_TYPES.join(', ')}`);
}

/** Query strings: reject unknown parameters for the same reason as unknown body fields. */
export function rejectUnknownQuery(query, allowed) {
  rejectUnknownFields(Object.fromEntries(query), allowed, 'query parameter');
}

export const LIST_LIMIT_DEFAULT = 50;
export const LIST_LIMIT_MAX = 200;

export function parseLimit(raw) {
  if (raw === null) return LIST_LIMIT_DEFAULT;
  const limit = /^\d+$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isInteger(limit) || limit < 1 || limit > LIST_LIMIT_MAX) {
    throw badRequest(`limit must be an integer between 1 and ${LIST_LIMIT_MAX}`);
  }
  return limit;
}
