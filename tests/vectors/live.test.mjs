// Live cross-check against the official Python SDK (callingbox 0.1.0):
//  - every case in vectors.json gets its expected verdict from the built package;
//  - headers made by our signPayload verify with the SDK's own code;
//  - headers made the SDK's way verify with our verifySignature/constructEvent,
//    and constructEvent returns what the SDK's construct_event parses.
//
//   node --test tests/vectors/live.test.mjs            (after `make build`)
//
// Environment: CALLINGBOX_PKG_DIR (default ../../pkg) is the built package;
// CALLINGBOX_PYTHON (default .tools/venv/bin/python) has `callingbox` installed.
// Both the full entry (node.js) and the verify-only one (verify-node.js) are tested.
// The last test adds node:crypto as a second oracle, over every body length up to 1,100 bytes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { dirname, join, resolve } from 'node:path';
import { createHmac, randomBytes } from 'node:crypto';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../..');
const pkgDir = resolve(process.env.CALLINGBOX_PKG_DIR ?? join(root, 'pkg'));
const python = process.env.CALLINGBOX_PYTHON ?? join(root, '.tools/venv/bin/python');
const vectors = JSON.parse(readFileSync(join(here, 'vectors.json'), 'utf8')).cases;

if (!existsSync(join(pkgDir, 'node.js'))) {
  throw new Error(`no built package at ${pkgDir} (run make build, or set CALLINGBOX_PKG_DIR)`);
}
if (!existsSync(python)) {
  throw new Error(`no Python with the callingbox SDK at ${python} (run make setup, or set CALLINGBOX_PYTHON)`);
}

const entries = {
  full: await import(pathToFileURL(join(pkgDir, 'node.js')).href),
  verify: await import(pathToFileURL(join(pkgDir, 'verify-node.js')).href),
};

/** Runs a Python snippet with the SDK; `input` goes in as JSON, JSON comes out. */
function runPython(script, input) {
  const result = spawnSync(python, ['-c', script], {
    input: JSON.stringify(input),
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  if (result.status !== 0) {
    throw new Error(`python failed (${result.status}): ${result.stderr}`);
  }
  return JSON.parse(result.stdout);
}

// The SDK's verification and parsing, for headers we made.
const SDK_VERIFY = `
import json, sys
from unittest import mock
from callingbox.resources import webhooks as sdk
out = []
for case in json.load(sys.stdin):
    body = bytes.fromhex(case["payload_hex"])
    try:
        with mock.patch.object(sdk.time, "time", return_value=float(case["now"])):
            sdk._verify_signature(case["secret"], case["header"], body, case["tolerance"])
        verdict = {"passed": True}
        if case.get("event"):
            event = sdk.Webhooks.construct_event(body, case["header"], case["secret"], tolerance=0)
            verdict["event"] = {"id": event.id, "type": event.type, "created": event.created,
                                "api_version": event.api_version, "data": event.data}
    except Exception as exc:
        verdict = {"passed": False, "error": f"{type(exc).__name__}: {exc}"}
    out.append(verdict)
json.dump(out, sys.stdout)
`;

// Headers made the SDK's way (the expression its _verify_signature compares
// against), each checked by the SDK itself before we get it.
const SDK_SIGN = `
import hashlib, hmac, json, sys
from callingbox.resources import webhooks as sdk
out = []
for case in json.load(sys.stdin):
    body = bytes.fromhex(case["payload_hex"])
    sigs = []
    for secret in case["signers"]:
        signed = f"{case['t']}.".encode("utf-8") + body
        sigs.append(hmac.new(secret.encode("utf-8"), signed, hashlib.sha256).hexdigest())
    header = ",".join([f"t={case['t']}"] + [f"v1={s}" for s in sigs])
    sdk._verify_signature(case["signers"][0], header, body, 0)
    event = None
    if case.get("event"):
        e = sdk.Webhooks.construct_event(body, header, case["signers"][0], tolerance=0)
        event = {"id": e.id, "type": e.type, "created": e.created, "api_version": e.api_version, "data": e.data}
    out.append({"header": header, "event": event})
json.dump(out, sys.stdout)
`;

const enc = new TextEncoder();
const hex = (bytes) => Buffer.from(bytes).toString('hex');

function event(i, extra = {}) {
  return JSON.stringify({
    id: `6f1c1f5e-2f43-4f7e-9a53-${String(i).padStart(12, '0')}`,
    type: ['call.queued', 'call.completed', 'call.failed', 'call.transcribed'][i % 4],
    created: 1713268860 + i,
    api_version: '2026-04',
    data: { call: { id: `c${i}`, status: 'completed', prompt: 'Grüße 東京 🚀', metadata: { language: 'de' }, ...extra } },
  });
}

/** Bodies of every kind: JSON events, Unicode, binary, empty, large. */
function bodies() {
  const list = [
    { bytes: enc.encode(event(0)), event: true },
    { bytes: enc.encode(event(1, { result: { confirmed: true }, duration_seconds: 61 })), event: true },
    { bytes: enc.encode(event(2, { note: '\u0000\u001f\u2028 é\u0301' })), event: true },
    { bytes: enc.encode(event(3)), event: true }, // unknown type
    { bytes: enc.encode(JSON.stringify(JSON.parse(event(4)), null, 2) + '\n'), event: true },
    { bytes: new Uint8Array(0), event: false },
    { bytes: randomBytes(1024), event: false },
    { bytes: new Uint8Array(1024 * 1024).fill(0x41), event: false },
  ];
  for (let i = 0; i < 24; i++) list.push({ bytes: randomBytes(1 + (i * 37) % 700), event: false });
  return list;
}

const SECRETS = [
  'whsec_1234567890abcdef1234567890abcdef',
  'whsec_' + randomBytes(24).toString('base64url'),
  'whsec_ключ🔑',
  'plain-secret-without-prefix',
  'x'.repeat(200), // longer than the HMAC block
];

for (const [flavour, lib] of Object.entries(entries)) {
  test(`${flavour}: every vector gets its expected verdict`, () => {
    for (const c of vectors) {
      const bytes = Buffer.from(c.payload_hex, 'hex');
      const options = { now: c.now, toleranceSeconds: c.tolerance };
      const ok = c.expected === 'ok';
      assert.equal(lib.verifySignature(bytes, c.header, c.secrets, options), ok, c.name);
      assert.equal(lib.verifySignature(new Uint8Array(bytes).buffer, c.header, c.secrets, options), ok, c.name);
      if (c.payload !== null) {
        assert.equal(lib.verifySignature(c.payload, c.header, c.secrets, options), ok, c.name);
      }
      if (!ok) {
        assert.throws(
          () => lib.constructEvent(bytes, c.header, c.secrets, options),
          (error) => {
            assert.ok(error instanceof lib.WebhookVerificationError, `${c.name}: not a WebhookVerificationError`);
            assert.ok(error instanceof lib.CallingBoxError);
            assert.equal(error.name, 'WebhookVerificationError');
            assert.equal(error.code, c.expected, c.name);
            for (const secret of c.secrets) assert.ok(!error.message.includes(secret), 'secret in message');
            return true;
          },
        );
      }
    }
  });

  test(`${flavour}: the Python SDK verifies what signPayload produces`, () => {
    const cases = [];
    bodies().forEach((body, i) => {
      const secret = SECRETS[i % SECRETS.length];
      const t = [1713268860, 0, 1, 4102444800, 9007199254740991][i % 5];
      for (const payload of [body.bytes, body.bytes.buffer.slice(body.bytes.byteOffset, body.bytes.byteOffset + body.bytes.length)]) {
        const header = lib.signPayload(payload, secret, { timestamp: t });
        assert.match(header, /^t=\d+,v1=[0-9a-f]{64}$/);
        cases.push({ payload_hex: hex(body.bytes), header, secret, now: t, tolerance: 300, event: body.event });
      }
      const text = Buffer.from(body.bytes).toString('utf8');
      if (Buffer.from(text, 'utf8').equals(Buffer.from(body.bytes))) {
        const header = lib.signPayload(text, secret, { timestamp: t });
        cases.push({ payload_hex: hex(body.bytes), header, secret, now: t, tolerance: 300, event: false });
      }
    });
    const verdicts = runPython(SDK_VERIFY, cases);
    verdicts.forEach((verdict, i) => {
      assert.ok(verdict.passed, `case ${i}: ${verdict.error}`);
      if (cases[i].event) {
        const ours = lib.constructEvent(Buffer.from(cases[i].payload_hex, 'hex'), cases[i].header, cases[i].secret, { now: cases[i].now });
        assert.deepEqual(ours, verdict.event, `case ${i}: constructEvent differs from construct_event`);
      }
    });
  });

  test(`${flavour}: headers the SDK's way verify with verifySignature and constructEvent`, () => {
    const now = Math.floor(Date.now() / 1000);
    const input = bodies().map((body, i) => ({
      payload_hex: hex(body.bytes),
      t: now - (i % 7) * 40, // up to 240 s old
      signers: i % 3 === 0 ? [SECRETS[i % SECRETS.length], SECRETS[(i + 1) % SECRETS.length]] : [SECRETS[i % SECRETS.length]],
      event: body.event,
    }));
    const signed = runPython(SDK_SIGN, input);
    signed.forEach(({ header, event: expected }, i) => {
      const bytes = Buffer.from(input[i].payload_hex, 'hex');
      for (const secret of input[i].signers) {
        assert.equal(lib.verifySignature(bytes, header, secret), true, `case ${i}`);
      }
      assert.equal(lib.verifySignature(bytes, header, ['whsec_other', input[i].signers.at(-1)]), true);
      assert.equal(lib.verifySignature(bytes, header, 'whsec_other'), false);
      const tampered = Buffer.concat([bytes, Buffer.from(' ')]);
      assert.equal(lib.verifySignature(tampered, header, input[i].signers[0]), false);
      if (expected) {
        assert.deepEqual(lib.constructEvent(bytes, header, input[i].signers[0]), expected);
        assert.deepEqual(lib.Webhooks.constructEvent(bytes.toString('utf8'), header, input[i].signers[0]), expected);
      }
    });
  });

  test(`${flavour}: verifyRequest verifies an SDK-signed Request`, async () => {
    const now = Math.floor(Date.now() / 1000);
    const body = enc.encode(event(7));
    const [{ header, event: expected }] = runPython(SDK_SIGN, [
      { payload_hex: hex(body), t: now, signers: [SECRETS[0]], event: true },
    ]);
    const request = new Request('https://example.com/hook', {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/json', 'callingbox-signature': header },
    });
    assert.deepEqual(await lib.verifyRequest(request.clone(), SECRETS[0]), expected);
    assert.equal(request.bodyUsed, false);
    await assert.rejects(lib.verifyRequest(request, 'whsec_other'), (error) => {
      assert.ok(error instanceof lib.WebhookVerificationError);
      assert.equal(error.code, 'no_matching_signature');
      return true;
    });
    assert.equal(request.bodyUsed, true);
  });

  test(`${flavour}: the documented TypeScript SDK call works unchanged`, () => {
    const rawBody = Buffer.from(event(9));
    const [{ header }] = runPython(SDK_SIGN, [
      { payload_hex: hex(rawBody), t: Math.floor(Date.now() / 1000), signers: [SECRETS[0]], event: false },
    ]);
    const req = { headers: { 'callingbox-signature': header } };
    const evt = lib.Webhooks.constructEvent(rawBody, req.headers['callingbox-signature'], SECRETS[0]);
    assert.equal(evt.type, 'call.completed');
  });

  // A second, independent oracle with many more lengths than the SDK round
  // trips above: every length from 0 to 1,100 bytes (the wasm SHA-256 runs
  // its message schedule in SIMD lanes, natively it is scalar) and some
  // large bodies, against node:crypto's HMAC-SHA256.
  test(`${flavour}: signPayload and verifySignature agree with node:crypto for every body length up to 1,100 bytes`, () => {
    const lengths = [...Array.from({ length: 1101 }, (_, i) => i), 4095, 4096, 4097, 65535, 65536, 100003];
    for (const [i, length] of lengths.entries()) {
      const body = randomBytes(length);
      const secret = SECRETS[i % SECRETS.length];
      const t = 1_700_000_000 + i;
      const expected = createHmac('sha256', secret).update(`${t}.`).update(body).digest('hex');
      const header = lib.signPayload(body, secret, { timestamp: t });
      assert.equal(header, `t=${t},v1=${expected}`, `length ${length}`);
      assert.equal(lib.verifySignature(body, header, secret, { now: t }), true, `length ${length}`);
      body[length >> 1] ^= length ? 1 : 0;
      assert.equal(lib.verifySignature(body, header, secret, { now: t }), length === 0, `length ${length}, one bit flipped`);
    }
  });
}
