// verifyRequest through the built package, both entries (it is JavaScript,
// pkg-template/internal/verify.js, over the wasm verifier; tests/wasm_boundary.rs
// runs it in Chromium too).
//
//   node --test tests/vectors/verify-request.test.mjs   (after `make build`)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { dirname, join, resolve } from 'node:path';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const pkgDir = resolve(process.env.CALLINGBOX_PKG_DIR ?? join(root, 'pkg'));
if (!existsSync(join(pkgDir, 'node.js'))) {
  throw new Error(`no built package at ${pkgDir} (run make build, or set CALLINGBOX_PKG_DIR)`);
}

const SECRET = 'whsec_1234567890abcdef1234567890abcdef';
const NOW = 1_713_268_860;
const BODY = '{"id":"evt_1","type":"call.completed","created":1713268860,"api_version":"2026-04","data":{"call":{"id":"c1","status":"completed"}}}';

function request(body, signature) {
  const headers = { 'content-type': 'application/json' };
  if (signature !== undefined) headers['CallingBox-Signature'] = signature;
  return new Request('https://example.com/webhooks', { method: 'POST', body, headers });
}

function assertVerificationError(pkg, error, code) {
  assert.ok(error instanceof pkg.WebhookVerificationError, String(error));
  assert.equal(error.code, code);
  assert.ok(error.message.length > 0);
  assert.ok(!error.message.includes(SECRET), 'the message leaks the secret');
}

for (const [name, file] of [['full', 'node.js'], ['verify', 'verify-node.js']]) {
  const pkg = await import(pathToFileURL(join(pkgDir, file)).href);
  const header = (body = BODY, timestamp = NOW) => pkg.signPayload(body, SECRET, { timestamp });
  const at = { now: NOW };

  test(`${name}: verifyRequest resolves to the event and consumes the body`, async () => {
    const req = request(BODY, header());
    const event = await pkg.verifyRequest(req, SECRET, at);
    assert.equal(event.id, 'evt_1');
    assert.ok(req.bodyUsed);
    // The body is gone: a second attempt rejects with the runtime's TypeError.
    await assert.rejects(pkg.verifyRequest(req, SECRET, at), TypeError);
  });

  test(`${name}: verifyRequest of a clone leaves the original readable`, async () => {
    const req = request(BODY, header());
    await pkg.verifyRequest(req.clone(), SECRET, at);
    assert.ok(!req.bodyUsed);
  });

  test(`${name}: verifyRequest rejects a missing or stale header without reading the body`, async () => {
    const missing = request(BODY);
    await assert.rejects(pkg.verifyRequest(missing, SECRET, at), (e) => (assertVerificationError(pkg, e, 'missing_header'), true));
    assert.ok(!missing.bodyUsed);
    const stale = request(BODY, header());
    await assert.rejects(pkg.verifyRequest(stale, SECRET, { now: NOW + 1000 }), (e) => (assertVerificationError(pkg, e, 'timestamp_out_of_tolerance'), true));
    assert.ok(!stale.bodyUsed);
  });

  test(`${name}: verifyRequest rejects a mismatch and a signed non-event with their codes`, async () => {
    await assert.rejects(pkg.verifyRequest(request(`${BODY} `, header()), SECRET, at), (e) => (assertVerificationError(pkg, e, 'no_matching_signature'), true));
    await assert.rejects(pkg.verifyRequest(request('[]', header('[]')), SECRET, at), (e) => (assertVerificationError(pkg, e, 'invalid_payload'), true));
  });

  test(`${name}: verifyRequest rejects wrong arguments instead of throwing`, async () => {
    for (const notARequest of [null, 'https://example.com', {}]) {
      const pending = pkg.verifyRequest(notARequest, SECRET, at);
      assert.ok(pending instanceof Promise);
      await assert.rejects(pending, TypeError);
    }
    const req = request(BODY, header());
    await assert.rejects(pkg.verifyRequest(req, 5, at), TypeError);
    await assert.rejects(pkg.verifyRequest(req, SECRET, { now: Number.NaN }), TypeError);
    await assert.rejects(pkg.verifyRequest(req, SECRET, 7), TypeError);
    assert.ok(!req.bodyUsed);
  });

  test(`${name}: verifyRequest accepts a rotation array, read before the body`, async () => {
    const secrets = ['whsec_old', SECRET];
    const pending = pkg.verifyRequest(request(BODY, header()), secrets, at);
    secrets.length = 0; // changing the array afterwards changes nothing
    assert.equal((await pending).id, 'evt_1');
  });

  test(`${name}: verifyRequest judges the clock once, before the body is read`, async () => {
    let reads = 0;
    const options = { get now() { reads += 1; return NOW + 300; } };
    assert.equal((await pkg.verifyRequest(request(BODY, header()), SECRET, options)).id, 'evt_1');
    assert.equal(reads, 1, 'the options are read once');
  });

  test(`${name}: verifyRequest rejects a failed body read with a TypeError whose cause is the read's error`, async () => {
    const failure = new Error('socket hang up');
    const fake = { headers: new Headers({ 'CallingBox-Signature': header() }), arrayBuffer: () => Promise.reject(failure) };
    const isBodyError = (e) => e instanceof TypeError && e.cause === failure && /request/.test(e.message);
    await assert.rejects(pkg.verifyRequest(fake, SECRET, at), isBodyError);
    const throwing = { headers: fake.headers, arrayBuffer() { throw failure; } };
    await assert.rejects(pkg.verifyRequest(throwing, SECRET, at), isBodyError);
    // A body that is not bytes, or a thenable whose `then` throws.
    const notBytes = { headers: fake.headers, arrayBuffer: async () => 'text' };
    await assert.rejects(pkg.verifyRequest(notBytes, SECRET, at), (e) => e instanceof TypeError && /request/.test(e.message));
    const hostile = { headers: fake.headers, arrayBuffer: () => ({ get then() { throw failure; } }) };
    await assert.rejects(pkg.verifyRequest(hostile, SECRET, at), isBodyError);
  });

  test(`${name}: the package exports no internals of the verifier`, () => {
    for (const internal of ['verifyRequestStart', 'Verifier', 'bindVerify']) assert.equal(pkg[internal], undefined, internal);
    assert.equal(typeof pkg.verifyRequest, 'function');
    assert.equal(typeof pkg.clearSecretCache, 'function');
  });
}
