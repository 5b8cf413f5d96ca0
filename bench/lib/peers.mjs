// The contenders. Each JavaScript peer does the whole job our verifySignature
// does, the way a careful user would write it with that library: parse
// `t=...,v1=...`, check the 300 s tolerance against the clock, HMAC-SHA256 of
// `<t>.` + body under the UTF-8 bytes of the whole secret, constant-time
// compare against every v1. Like for like: a string case hands the library
// the string (so it pays for UTF-8 encoding where it needs bytes), a bytes
// case hands it the Uint8Array. Keys are prepared once, outside the timed
// call, wherever the library allows it (the peers' best case).
//
// standardwebhooks and stripe run their own verify functions, unchanged, on
// their own header formats (stripe's scheme happens to be the same as ours).
import { createHmac, timingSafeEqual, webcrypto } from 'node:crypto';
import { hmac } from '@noble/hashes/hmac.js';
import { sha256 as nobleSha256 } from '@noble/hashes/sha2.js';
import fastSha256 from 'fast-sha256';
import { Webhook } from 'standardwebhooks';
import Stripe from 'stripe';
import { SECRET, STANDARD_SECRET } from './payloads.mjs';

const encoder = new TextEncoder();
const decoder = new TextDecoder();
const TOLERANCE = 300;

/** The CallingBox-Signature header, parsed the minimal correct way. */
function parseHeader(header) {
  let t = NaN;
  const v1 = [];
  for (const part of header.split(',')) {
    const eq = part.indexOf('=');
    if (eq <= 0) return null;
    const key = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    if (key === 't') t = Number(value);
    else if (key === 'v1') v1.push(value);
  }
  if (!Number.isSafeInteger(t) || t < 0 || v1.length === 0) return null;
  if (Math.abs(Math.floor(Date.now() / 1000) - t) > TOLERANCE) return null;
  return { t, v1 };
}

function hexToBytes(hex) {
  if (hex.length !== 64) return null;
  const out = new Uint8Array(32);
  for (let i = 0; i < 32; i++) {
    const byte = Number.parseInt(hex.slice(2 * i, 2 * i + 2), 16);
    if (Number.isNaN(byte)) return null;
    out[i] = byte;
  }
  return out;
}

function constantTimeEqual(a, b) {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i] ^ b[i];
  return diff === 0;
}

function anyMatch(mac, signatures) {
  let ok = false;
  for (const sig of signatures) {
    const expected = hexToBytes(sig);
    if (expected && constantTimeEqual(mac, expected)) ok = true;
  }
  return ok;
}

// --- node:crypto: createHmac + timingSafeEqual (OpenSSL, native) ----------
export function nodeCryptoVerify(payload, header, secret) {
  const parsed = parseHeader(header);
  if (!parsed) return false;
  const mac = createHmac('sha256', secret).update(`${parsed.t}.`).update(payload).digest();
  let ok = false;
  for (const sig of parsed.v1) {
    const expected = Buffer.from(sig, 'hex');
    if (expected.length === mac.length && timingSafeEqual(mac, expected)) ok = true;
  }
  return ok;
}

// --- WebCrypto: cached CryptoKey, crypto.subtle.verify awaited -------------
export async function webCryptoKey(secret) {
  return webcrypto.subtle.importKey('raw', encoder.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['verify']);
}
export async function webCryptoVerify(payload, header, key) {
  const parsed = parseHeader(header);
  if (!parsed) return false;
  let data;
  if (typeof payload === 'string') {
    data = encoder.encode(`${parsed.t}.${payload}`);
  } else {
    const prefix = encoder.encode(`${parsed.t}.`);
    data = new Uint8Array(prefix.length + payload.length);
    data.set(prefix);
    data.set(payload, prefix.length);
  }
  let ok = false;
  for (const sig of parsed.v1) {
    const expected = hexToBytes(sig);
    if (expected && (await webcrypto.subtle.verify('HMAC', key, expected, data))) ok = true;
  }
  return ok;
}

// --- @noble/hashes: hmac(sha256), pure JS ----------------------------------
export function nobleVerify(payload, header, keyBytes) {
  const parsed = parseHeader(header);
  if (!parsed) return false;
  let mac;
  if (typeof payload === 'string') {
    mac = hmac(nobleSha256, keyBytes, encoder.encode(`${parsed.t}.${payload}`));
  } else {
    mac = hmac.create(nobleSha256, keyBytes).update(encoder.encode(`${parsed.t}.`)).update(payload).digest();
  }
  return anyMatch(mac, parsed.v1);
}

// --- fast-sha256: hmac, pure JS ----------------------------------------------
export function fastSha256Verify(payload, header, keyBytes) {
  const parsed = parseHeader(header);
  if (!parsed) return false;
  let mac;
  if (typeof payload === 'string') {
    mac = fastSha256.hmac(keyBytes, encoder.encode(`${parsed.t}.${payload}`));
  } else {
    mac = new fastSha256.HMAC(keyBytes).update(encoder.encode(`${parsed.t}.`)).update(payload).digest();
  }
  return anyMatch(mac, parsed.v1);
}

/**
 * Each case runs twice: with the body as a string, and as bytes. `nodeBytes`
 * is the form the Buffer-only peers get: Node's Buffer is what Express and
 * friends hand over, and standardwebhooks accepts a string or a Buffer only
 * (a plain Uint8Array throws).
 */
function inputsOf(d) {
  return [
    { input: 'string', payload: d.body, nodeBytes: d.body },
    { input: 'bytes', payload: d.bytes, nodeBytes: d.buffer },
  ];
}

/** The peers that verify on their own schemes, set up once per list. */
function schemePeers() {
  return { standard: new Webhook(STANDARD_SECRET), stripe: new Stripe('sk_test_bench_not_a_real_key') };
}

/**
 * The verify contenders for one delivery (see payloads.mjs), ours first.
 * `ours` maps an entry label to that entry's module.
 */
export async function verifyContenders(d, ours) {
  const keyBytes = encoder.encode(SECRET);
  const cryptoKey = await webCryptoKey(SECRET);
  const { standard, stripe } = schemePeers();
  const list = [];
  for (const { input, payload, nodeBytes } of inputsOf(d)) {
    for (const [label, module] of Object.entries(ours)) {
      const { verifySignature } = module;
      list.push({ peer: label, ours: true, input, fn: () => verifySignature(payload, d.header, SECRET) });
    }
    list.push(
      { peer: 'node:crypto', input, fn: () => nodeCryptoVerify(payload, d.header, SECRET) },
      { peer: 'WebCrypto', input, async: true, fn: () => webCryptoVerify(payload, d.header, cryptoKey) },
      { peer: '@noble/hashes', input, fn: () => nobleVerify(payload, d.header, keyBytes) },
      { peer: 'fast-sha256', input, fn: () => fastSha256Verify(payload, d.header, keyBytes) },
      {
        peer: 'standardwebhooks',
        input,
        note: 'Webhook.verify(…, { jsonParse: false }), its own scheme (id.t.body, base64)',
        fn: () => (standard.verify(nodeBytes, d.standard, { jsonParse: false }), true),
      },
      {
        peer: 'stripe',
        input,
        note: 'webhooks.constructEvent: verifies AND JSON.parses the body',
        fn: () => stripe.webhooks.constructEvent(nodeBytes, d.header, SECRET),
      },
      {
        peer: 'stripe (verifyHeader)',
        input,
        reference: true,
        note: 'webhooks.signature.verifyHeader: the verify step alone, no JSON.parse',
        fn: () => stripe.webhooks.signature.verifyHeader(nodeBytes, d.header, SECRET, TOLERANCE),
      },
    );
  }
  return list;
}

/**
 * constructEvent against the cost of JSON.parse alone and of verify + parse.
 * `ours` is the module whose constructEvent and verifySignature are timed.
 */
export function constructEventContenders(d, ours, oursLabel) {
  const { constructEvent, verifySignature } = ours;
  const { standard, stripe } = schemePeers();
  const list = [];
  for (const { input, payload, nodeBytes } of inputsOf(d)) {
    const parse = input === 'string' ? () => JSON.parse(d.body) : () => JSON.parse(decoder.decode(d.bytes));
    list.push(
      { peer: 'JSON.parse alone', baseline: true, input, note: input === 'bytes' ? 'TextDecoder + JSON.parse' : undefined, fn: parse },
      { peer: `${oursLabel} verifySignature + JSON.parse`, input, fn: () => verifySignature(payload, d.header, SECRET) && parse() },
    );
    if (constructEvent) {
      list.push({ peer: `${oursLabel} constructEvent`, ours: true, input, fn: () => constructEvent(payload, d.header, SECRET) });
    }
    list.push(
      { peer: 'stripe constructEvent', input, fn: () => stripe.webhooks.constructEvent(nodeBytes, d.header, SECRET) },
      { peer: 'standardwebhooks verify (parses)', input, fn: () => standard.verify(nodeBytes, d.standard) },
    );
  }
  return list;
}

/** Every contender must accept the genuine delivery and reject the tampered one. */
export async function checkContenders(genuine, tampered) {
  const problems = [];
  const outcome = async (c) => {
    try {
      return (await c.fn()) ? 'accepted' : 'rejected';
    } catch (error) {
      return `rejected (threw ${error.constructor.name})`;
    }
  };
  for (const c of genuine) {
    const result = await outcome(c);
    if (result !== 'accepted') problems.push(`${c.peer} (${c.input}) did not accept the genuine delivery: ${result}`);
  }
  for (const c of tampered.filter((c) => !c.baseline)) {
    if ((await outcome(c)) === 'accepted') problems.push(`${c.peer} (${c.input}) accepted a tampered delivery`);
  }
  if (problems.length) throw new Error(`benchmark sanity check failed:\n  ${problems.join('\n  ')}`);
}

/** The same delivery with one body byte changed and the genuine headers. */
export function tamper(d) {
  // The last character of the summary, so that the body stays valid JSON.
  const at = d.body.length - 6;
  const body = d.body.slice(0, at) + (d.body[at] === 'x' ? 'y' : 'x') + d.body.slice(at + 1);
  const bytes = new Uint8Array(Buffer.from(body));
  return { ...d, body, bytes, buffer: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) };
}
