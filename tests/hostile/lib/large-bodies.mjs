// Large valid event bodies and one verification of each, shared by the
// memory test and the soak. The bodies are JSON events padded inside a
// string field, so constructEvent has a real event to return.
import { NOW, SECRET } from './common.mjs';
import { signature } from './reference.mjs';

const encoder = new TextEncoder();

const HEAD = `{"id":"evt_large","type":"call.completed","created":${NOW},"api_version":"2026-04","data":{"call":{"id":"call_large","prompt":"`;
const TAIL = '"}}}';

/** The largest string V8 makes (2^29 - 24 UTF-16 units): larger bodies exist as bytes only. */
export const MAX_STRING_MIB = Math.floor((2 ** 29 - 24 - HEAD.length - TAIL.length) / (1024 * 1024));

/** The same event as UTF-8 bytes, written straight into a Uint8Array (any size the machine holds). */
export function largeBytes(mib) {
  const bytes = new Uint8Array(Math.max(HEAD.length + TAIL.length, Math.floor(mib * 1024 * 1024)));
  encoder.encodeInto(HEAD, bytes);
  bytes.fill(0x61, HEAD.length, bytes.length - TAIL.length);
  encoder.encodeInto(TAIL, bytes.subarray(bytes.length - TAIL.length));
  return bytes;
}

/** A JSON event of about `mib` MiB whose `data.call.prompt` is `filler` repeated. */
function event(mib, filler) {
  const head = HEAD;
  const tail = TAIL;
  const units = Math.max(0, Math.floor((mib * 1024 * 1024) / encoder.encode(filler).length));
  return head + filler.repeat(units) + tail;
}

/** { bytes, ascii, multibyte }: each about `mib` MiB of UTF-8 (`multibyte: false` leaves that one out). */
export function largeBodies(mib, { multibyte = true } = {}) {
  const ascii = event(mib, 'abcdefghijklmnopqrstuvwxyz0123456789');
  const bodies = { bytes: encoder.encode(ascii), ascii };
  if (multibyte) bodies.multibyte = event(mib, 'é€ü中');
  return bodies;
}

/**
 * One call on a large body: verifySignature, constructEvent or signPayload.
 * Returns { ok, ms }: ok when the answer is the correct one (node:crypto
 * computes the expected signature over the UTF-8 bytes).
 */
export function verifyLarge(pkg, body, operation) {
  const bytes = typeof body === 'string' ? encoder.encode(body) : body;
  const header = `t=${NOW},v1=${signature(SECRET, NOW, bytes)}`;
  const started = performance.now();
  const ok = {
    verifySignature: () => pkg.verifySignature(body, header, SECRET, { now: NOW }) === true,
    constructEvent: () => pkg.constructEvent(body, header, SECRET, { now: NOW }).id === 'evt_large',
    signPayload: () => pkg.signPayload(body, SECRET, { timestamp: NOW }) === header,
  }[operation]();
  return { ok, ms: Math.round(performance.now() - started) };
}
