// An independent model of the documented verification contract (README,
// index.d.ts, the spec's signature section), computed with node:crypto. The
// corpus compares every answer the package gives to it, so a hostile value
// may be refused with a TypeError but can never change a verdict or make the
// package sign bytes that are not the caller's.
import { createHmac } from 'node:crypto';

const encoder = new TextEncoder();
const strictDecoder = new TextDecoder('utf-8', { fatal: true });

/** Lowercase hex HMAC-SHA256 with key = UTF-8 of the secret, message = `${t}.` + body. */
export function signature(secret, t, bytes) {
  return createHmac('sha256', encoder.encode(secret)).update(`${t}.`).update(bytes).digest('hex');
}

/** The `CallingBox-Signature` value for `bytes` (a Uint8Array) at `t`. */
export function signedHeader(secret, t, bytes) {
  return `t=${t},v1=${signature(secret, t, bytes)}`;
}

/** The bytes a documented payload stands for, or undefined when its type is not documented. */
export function payloadBytes(payload) {
  if (typeof payload === 'string') return encoder.encode(payload);
  if (payload instanceof Uint8Array) return payload;
  if (payload instanceof ArrayBuffer) return new Uint8Array(payload);
  return undefined;
}

const isObjectOrNone = (v) => v === undefined || v === null || (typeof v === 'object');
const isSecret = (s) => typeof s === 'string' && s.length > 0;

function secretsOf(secret) {
  if (isSecret(secret)) return [secret];
  if (Array.isArray(secret) && secret.length > 0 && secret.every(isSecret)) return secret;
  return undefined;
}

function timeOf(value, { negativeAllowed }) {
  if (value === undefined) return { ok: true, value: undefined };
  if (typeof value !== 'number' || !Number.isFinite(value)) return { ok: false };
  if (!negativeAllowed && value < 0) return { ok: false };
  return { ok: true, value: Math.floor(value) };
}

/**
 * Checks the arguments of verifySignature/constructEvent. Returns
 * { typeError: 'payload' | 'header' | 'secret' | 'options' | 'now' | 'toleranceSeconds' }
 * or { bytes, header, secrets, now, tolerance }.
 */
function checkVerifyArgs(payload, header, secret, options) {
  const bytes = payloadBytes(payload);
  if (bytes === undefined) return { typeError: 'payload' };
  if (!(header === undefined || header === null || typeof header === 'string')) return { typeError: 'header' };
  const secrets = secretsOf(secret);
  if (secrets === undefined) return { typeError: 'secret' };
  if (!isObjectOrNone(options)) return { typeError: 'options' };
  const now = timeOf(options?.now, { negativeAllowed: true });
  if (!now.ok) return { typeError: 'now' };
  const tolerance = timeOf(options?.toleranceSeconds, { negativeAllowed: false });
  if (!tolerance.ok) return { typeError: 'toleranceSeconds' };
  return {
    bytes,
    header,
    secrets,
    now: now.value ?? Math.floor(Date.now() / 1000),
    tolerance: tolerance.value ?? 300,
  };
}

/** The verdict on checked arguments: { pass: true } or { pass: false, code }. */
function verdict({ bytes, header, secrets, now, tolerance }) {
  if (header === undefined || header === null || header === '') return { pass: false, code: 'missing_header' };
  let t;
  const candidates = [];
  for (const part of header.split(',')) {
    const eq = part.indexOf('=');
    if (eq <= 0 || eq === part.length - 1) return { pass: false, code: 'malformed_header' };
    const key = part.slice(0, eq);
    const value = part.slice(eq + 1);
    if (key === 't') {
      if (!/^\d+$/.test(value) || t !== undefined) return { pass: false, code: 'malformed_header' };
      t = Number(value);
    } else if (key === 'v1') {
      candidates.push(value);
    }
  }
  if (t === undefined || candidates.length === 0) return { pass: false, code: 'malformed_header' };
  if (tolerance !== 0 && Math.abs(now - t) > tolerance) return { pass: false, code: 'timestamp_out_of_tolerance' };
  const wanted = new Set(secrets.map((s) => signature(s, t, bytes)));
  return candidates.some((c) => wanted.has(c)) ? { pass: true } : { pass: false, code: 'no_matching_signature' };
}

/** The event constructEvent returns for verified `bytes`, or the invalid_payload code. */
function eventOf(bytes) {
  let event;
  try {
    event = JSON.parse(strictDecoder.decode(bytes));
  } catch {
    return { code: 'invalid_payload' };
  }
  const ok = event !== null && typeof event === 'object' && !Array.isArray(event)
    && typeof event.id === 'string' && typeof event.type === 'string' && typeof event.created === 'number'
    && event.data !== null && typeof event.data === 'object' && !Array.isArray(event.data);
  return ok ? { event } : { code: 'invalid_payload' };
}

/**
 * What a verification export must answer for documented arguments:
 *   { typeError: argName }            a TypeError naming the argument
 *   { value: boolean }                verifySignature
 *   { event } | { code }              constructEvent, Webhooks.constructEvent, verifyRequest
 */
export function expectVerification(kind, payload, header, secret, options) {
  const args = checkVerifyArgs(payload, header, secret, options);
  if (args.typeError) return args;
  const result = verdict(args);
  if (kind === 'boolean') return { value: result.pass };
  if (!result.pass) return { code: result.code };
  return eventOf(args.bytes);
}

/**
 * What signPayload must answer: { typeError } or { header } (exact), or
 * { bytes, secret } when no timestamp was given (t is then the current time).
 */
export function expectSignature(payload, secret, options) {
  const bytes = payloadBytes(payload);
  if (bytes === undefined) return { typeError: 'payload' };
  if (!isSecret(secret)) return { typeError: 'secret' };
  if (!isObjectOrNone(options)) return { typeError: 'options' };
  const timestamp = options?.timestamp;
  if (timestamp === undefined) return { bytes, secret };
  if (typeof timestamp !== 'number' || !Number.isFinite(timestamp) || timestamp < 0) return { typeError: 'timestamp' };
  const t = BigInt(Math.floor(timestamp)).toString();
  return { header: `t=${t},v1=${signature(secret, t, bytes)}` };
}
