// Constants and small helpers shared by the corpus, the property tests, the
// memory test and the soak. Nothing here imports the package.

/** The signing secret every valid call uses. Error messages must never contain it. */
export const SECRET = 'whsec_hostilecorpus0123456789abcdef01';
/** A well-formed secret that does not match. */
export const WRONG_SECRET = 'whsec_wrongwrongwrongwrongwrongwrong0';
/** The emulator's default key; error messages must never contain it either. */
export const API_KEY = 'sk_test_emulator_key';
/** The `now` every valid verification uses, and the `t` every valid header carries. */
export const NOW = 1_713_268_860;

/**
 * A valid event body, padded with JSON whitespace to a multiple of 8 bytes so
 * that it also fits Uint16Array/Float64Array views without a remainder.
 */
export const BODY_STRING = pad8(JSON.stringify({
  id: 'evt_hostile_0001',
  type: 'call.completed',
  created: NOW,
  api_version: '2026-04',
  data: { call: { id: 'call_hostile_0001', status: 'completed', result: { ok: true } } },
}));
export const BODY_BYTES = new TextEncoder().encode(BODY_STRING);

function pad8(text) {
  return text + ' '.repeat((8 - (text.length % 8)) % 8);
}

/** What a getter, trap or conversion of a hostile value throws: it must never escape the package. */
export class HostileError extends Error {
  constructor(what = 'hostile value') {
    super(`thrown by the caller's own code (${what})`);
    this.name = 'HostileError';
  }
}

/** True when `err` is something the caller's code threw (a HostileError or a thrown primitive). */
export function isCallerThrow(err) {
  return err instanceof HostileError || err === null || (typeof err !== 'object' && typeof err !== 'function');
}

/** A fresh copy of `bytes` in its own ArrayBuffer. */
export function copyBytes(bytes) {
  return new Uint8Array(bytes);
}

/** Short, secret-free description of a thrown value or a result, for failure messages. */
export function describe(value) {
  try {
    return describeUnsafe(value);
  } catch {
    return 'an undescribable value';
  }
}

function describeUnsafe(value) {
  if (value instanceof Error || (value && typeof value === 'object' && 'message' in value && 'name' in value)) {
    let name;
    try { name = value.constructor?.name; } catch { name = '?'; }
    const code = value.code ? ` code=${value.code}` : '';
    return `${value.name ?? name}(${name})${code}: ${String(value.message).slice(0, 160)}`;
  }
  if (typeof value === 'string') return JSON.stringify(value.length > 80 ? `${value.slice(0, 80)}…(${value.length})` : value);
  if (typeof value === 'symbol' || typeof value === 'bigint') return `${typeof value} ${String(value)}`;
  try {
    const text = JSON.stringify(value);
    return text === undefined ? String(value) : text.slice(0, 160);
  } catch {
    return Object.prototype.toString.call(value);
  }
}

/** Replaces lone surrogates with U+FFFD (what TextEncoder does), recursively through parsed JSON. */
export function wellFormed(value) {
  if (typeof value === 'string') return value.toWellFormed ? value.toWellFormed() : replaceLoneSurrogates(value);
  if (Array.isArray(value)) return value.map(wellFormed);
  if (value && typeof value === 'object') {
    const out = {};
    for (const [key, item] of Object.entries(value)) out[wellFormed(key)] = wellFormed(item);
    return out;
  }
  return value;
}

function replaceLoneSurrogates(text) {
  return text.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
}
