// Fault injection: a FIFO of single-use faults, each bound to a method and a
// path pattern (`*` = exactly one path segment). A request consumes the
// oldest fault that matches it.
import { badRequest, isPlainObject } from './util.js';
import { rejectUnknownFields } from './validate.js';

const FAULT_FIELDS = ['status', 'retry_after', 'body', 'delay_ms', 'drop_after_processing', 'raw_body'];
const MAX_DELAY_MS = 10 * 60 * 1000;

export class FaultQueue {
  constructor() {
    this.entries = [];
  }

  /** Validates and queues `{method, path, faults: [...]}`; returns the queued entries. */
  add(spec) {
    rejectUnknownFields(spec, ['method', 'path', 'faults']);
    const method = parseMethod(spec.method);
    const path = parsePath(spec.path);
    if (!Array.isArray(spec.faults) || spec.faults.length === 0) {
      throw badRequest('faults must be a non-empty array');
    }
    const faults = spec.faults.map((fault, index) => validateFault(fault, `faults[${index}]`));
    const added = faults.map((fault) => ({ method, path, fault }));
    this.entries.push(...added);
    return added;
  }

  /**
   * Removes and returns the first fault matching the request, or null.
   * Preflights only match faults queued explicitly for OPTIONS, so a browser
   * preflight never eats the fault meant for the real request.
   */
  take(method, pathname) {
    const index = this.entries.findIndex((entry) => matches(entry, method, pathname));
    if (index === -1) return null;
    return this.entries.splice(index, 1)[0].fault;
  }

  list() {
    return this.entries.map((entry) => ({ ...entry }));
  }

  clear() {
    this.entries = [];
  }
}

function matches(entry, method, pathname) {
  if (entry.method === '*' ? method === 'OPTIONS' : entry.method !== method) return false;
  const want = entry.path.split('/');
  const got = pathname.split('/');
  return want.length === got.length && want.every((part, i) => (part === '*' ? got[i] !== '' : part === got[i]));
}

function parseMethod(method) {
  if (method === undefined) return '*';
  if (typeof method !== 'string' || !/^(\*|[A-Za-z]+)$/.test(method)) {
    throw badRequest('method must be an HTTP method name or "*"');
  }
  return method.toUpperCase();
}

function parsePath(path) {
  if (typeof path !== 'string' || !path.startsWith('/')) {
    throw badRequest('path is required and must start with "/" (use * for one segment)');
  }
  return path;
}

/** A fault is a status answer, a delay, a dropped connection or a raw body (delay combines with the others). */
function validateFault(fault, field) {
  if (!isPlainObject(fault)) throw badRequest(`${field} must be an object`);
  rejectUnknownFields(fault, FAULT_FIELDS, `field in ${field}`);
  const { status, retry_after: retryAfter, delay_ms: delayMs, raw_body: rawBody } = fault;
  const drop = fault.drop_after_processing;
  if (status !== undefined && (!Number.isInteger(status) || status < 200 || status > 599)) {
    throw badRequest(`${field}.status must be an integer from 200 to 599`);
  }
  if (retryAfter !== undefined && typeof retryAfter !== 'string') {
    throw badRequest(`${field}.retry_after must be a string (seconds or an HTTP date)`);
  }
  if (delayMs !== undefined && (typeof delayMs !== 'number' || !(delayMs >= 0) || delayMs > MAX_DELAY_MS)) {
    throw badRequest(`${field}.delay_ms must be a number from 0 to ${MAX_DELAY_MS}`);
  }
  if (drop !== undefined && drop !== true) throw badRequest(`${field}.drop_after_processing must be true`);
  if (rawBody !== undefined && typeof rawBody !== 'string') throw badRequest(`${field}.raw_body must be a string`);
  if (drop && (status !== undefined || rawBody !== undefined || 'body' in fault)) {
    throw badRequest(`${field}: drop_after_processing sends no answer, so it takes no status or body`);
  }
  if (rawBody !== undefined && 'body' in fault) throw badRequest(`${field}: give body or raw_body, not both`);
  if ('body' in fault && status === undefined) throw badRequest(`${field}.body needs a status`);
  if (status === undefined && delayMs === undefined && !drop && rawBody === undefined) {
    throw badRequest(`${field} needs one of status, delay_ms, drop_after_processing, raw_body`);
  }
  return { ...fault };
}

/** Whether the request still runs through the API under this fault (a plain status answer replaces it). */
export const faultProcesses = (fault) =>
  !fault || fault.status === undefined || fault.raw_body !== undefined;

const DEFAULT_FAULT_MESSAGES = {
  429: ['rate limited: too many requests', 'rate_limited'],
  500: ['internal server error', 'internal_error'],
  502: ['upstream failure', 'upstream_failure'],
  503: ['service unavailable', 'service_unavailable'],
  504: ['gateway timeout', 'gateway_timeout'],
};

/** Message and code for a status fault without an explicit body. */
export function defaultFaultError(status) {
  return DEFAULT_FAULT_MESSAGES[status] ?? [`injected fault: HTTP ${status}`, 'injected_fault'];
}
