// Benchmark Worker: verifies the same signed body with
//   ours:    verifySignature() from callingbox-webhooks/verify (synchronous wasm)
//   subtle:  crypto.subtle.verify('HMAC', key, ...) with the CryptoKey imported
//            once and cached, plus the header parsing and timestamp check that
//            the same job needs, written as a Worker author would
//   request: verifyRequest() on a Request made per call (body read, verified,
//            parsed)
//   byhand:  the same job by hand: the same Request, `arrayBuffer()`, the
//            header, constructEvent()
//   readonly: the same Request and `arrayBuffer()` with no verification (what
//            any handler pays to get the bytes)
// GET /check?size=N        every implementation agrees on valid and tampered bodies
// GET /run?impl=&size=&ms= runs one implementation for about `ms` milliseconds
//                          and answers {ops, elapsedMs}. Local workerd's clock
//                          runs during execution (deployed Workers' does not).
// GET /first               one 2 KiB verification, timed inside the Worker:
//                          the first request of a fresh isolate when sent first
import { constructEvent, signPayload, verifyRequest, verifySignature } from 'callingbox-webhooks/verify';

const SECRET = 'whsec_5f0c2a9d1e8b4c7f9a3d6e2b1c8f4a7d';
const encoder = new TextEncoder();
const fixtures = new Map(); // size -> { body, tampered, header }
let cachedKey;

function fixture(size) {
  let entry = fixtures.get(size);
  if (!entry) {
    const head = '{"id":"3f0e8a52-6c1d-4b7e-9a2f-5d8c1e4b7a90","type":"call.completed","created":1713268860,'
      + '"api_version":"2026-04","data":{"call":{"id":"c7e1","status":"completed","pad":"';
    const tail = '"}}}';
    const body = encoder.encode(head + 'x'.repeat(Math.max(0, size - head.length - tail.length)) + tail);
    const tampered = body.slice();
    tampered[tampered.length - 6] ^= 1;
    const header = signPayload(body, SECRET);
    entry = { body, tampered, header };
    fixtures.set(size, entry);
  }
  return entry;
}

function key() {
  cachedKey ??= crypto.subtle.importKey('raw', encoder.encode(SECRET), { name: 'HMAC', hash: 'SHA-256' }, false, ['verify']);
  return cachedKey;
}

function hexToBytes(hex) {
  if (hex.length !== 64 || !/^[0-9a-f]+$/.test(hex)) return null;
  const bytes = new Uint8Array(32);
  for (let i = 0; i < 32; i += 1) bytes[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return bytes;
}

/** The same check with crypto.subtle: parse t and v1s, check the time, HMAC over `t.` + body. */
async function subtleVerify(body, header, cryptoKey, toleranceSeconds = 300) {
  let t = null;
  const signatures = [];
  for (const pair of header.split(',')) {
    const eq = pair.indexOf('=');
    if (eq < 0) return false;
    const name = pair.slice(0, eq).trim();
    const value = pair.slice(eq + 1).trim();
    if (name === 't') t = value;
    else if (name === 'v1') signatures.push(value);
  }
  if (t === null || !/^\d+$/.test(t) || signatures.length === 0) return false;
  if (Math.abs(Date.now() / 1000 - Number(t)) > toleranceSeconds) return false;
  const prefix = encoder.encode(`${t}.`);
  const message = new Uint8Array(prefix.length + body.length);
  message.set(prefix);
  message.set(body, prefix.length);
  for (const signature of signatures) {
    const bytes = hexToBytes(signature);
    if (bytes && (await crypto.subtle.verify('HMAC', cryptoKey, bytes, message))) return true;
  }
  return false;
}

function request(body, header) {
  return new Request('https://bench.example/webhook', { method: 'POST', body, headers: { 'CallingBox-Signature': header } });
}

async function byHand(body, header) {
  const req = request(body, header);
  return constructEvent(await req.arrayBuffer(), req.headers.get('CallingBox-Signature'), SECRET);
}

async function readOnly(body, header) {
  const req = request(body, header);
  return (await req.arrayBuffer()).byteLength === body.length && req.headers.get('CallingBox-Signature') === header;
}

async function run(impl, size, budgetMs) {
  const { body, header } = fixture(size);
  const cryptoKey = await key();
  let ops = 0;
  let ok = 0;
  const start = performance.now();
  let elapsed = 0;
  // Check the clock every `batch` operations; stop after the budget.
  const batch = size >= 65536 ? 4 : 64;
  while (elapsed < budgetMs) {
    if (impl === 'ours') {
      for (let i = 0; i < batch; i += 1) ok += verifySignature(body, header, SECRET) ? 1 : 0;
    } else if (impl === 'request') {
      for (let i = 0; i < batch; i += 1) ok += (await verifyRequest(request(body, header), SECRET)).id ? 1 : 0;
    } else if (impl === 'byhand') {
      for (let i = 0; i < batch; i += 1) ok += (await byHand(body, header)).id ? 1 : 0;
    } else if (impl === 'readonly') {
      for (let i = 0; i < batch; i += 1) ok += (await readOnly(body, header)) ? 1 : 0;
    } else {
      for (let i = 0; i < batch; i += 1) ok += (await subtleVerify(body, header, cryptoKey)) ? 1 : 0;
    }
    ops += batch;
    elapsed = performance.now() - start;
    if (ops > 5e7) throw new Error('the clock does not advance during execution: cannot time here');
  }
  if (ok !== ops) throw new Error(`${impl}: ${ops - ok} of ${ops} verifications failed`);
  return { impl, size, ops, elapsedMs: elapsed };
}

async function check(size) {
  const { body, tampered, header } = fixture(size);
  const cryptoKey = await key();
  const settles = (promise) => promise.then((event) => typeof event.id === 'string', () => false);
  const answers = {
    ours: [verifySignature(body, header, SECRET), verifySignature(tampered, header, SECRET)],
    subtle: [await subtleVerify(body, header, cryptoKey), await subtleVerify(tampered, header, cryptoKey)],
    request: [await settles(verifyRequest(request(body, header), SECRET)), await settles(verifyRequest(request(tampered, header), SECRET))],
    byhand: [await settles(byHand(body, header)), await settles(byHand(tampered, header))],
  };
  return { size, bytes: body.length, answers };
}

export default {
  async fetch(request) {
    const url = new URL(request.url);
    const size = Number(url.searchParams.get('size') ?? 2048);
    if (url.pathname === '/check') return Response.json(await check(size));
    if (url.pathname === '/first') {
      const { body, header } = fixture(2048);
      const start = performance.now();
      const valid = verifySignature(body, header, SECRET);
      return Response.json({ valid, firstVerifyMs: performance.now() - start });
    }
    if (url.pathname === '/run') {
      const impl = url.searchParams.get('impl');
      if (!['ours', 'subtle', 'request', 'byhand', 'readonly'].includes(impl)) return new Response('impl must be ours, subtle, request, byhand or readonly', { status: 400 });
      return Response.json(await run(impl, size, Number(url.searchParams.get('ms') ?? 250)));
    }
    return new Response('not found', { status: 404 });
  },
};
