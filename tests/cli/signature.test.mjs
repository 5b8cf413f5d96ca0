// `npx callingbox-webhooks sign` and `verify` in a fresh project: round
// trips, agreement with node:crypto and with the official Python SDK, every
// failure code with exit status 1, and no secret in any output.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { after, before, test } from 'node:test';
import { PYTHON, cli, installCli } from './support.mjs';

const SECRET = 'whsec_9f8e7d6c5b4a39281706f5e4d3c2b1a0';
const OLD_SECRET = 'whsec_00112233445566778899aabbccddeeff';
const BODY = '{"id":"6f1c1f5e-2f43-4f7e-9a53-0d7b2f6a9c11","type":"call.completed","created":1776340860,"api_version":"2026-04","data":{"call":{"id":"c1","prompt":"Grüße 🚀"}}}';
let project;
const outputs = [];

before(async () => {
  project = await installCli('cli-signature');
});

after(() => project?.remove());

// The failure table runs node_modules/.bin/callingbox-webhooks directly (what
// npx runs, without npm's half-second start); the rest goes through npx.
const run = async (args, options) => {
  const result = await cli(project, args, options);
  outputs.push(result.stdout, result.stderr);
  return result;
};
const now = () => Math.floor(Date.now() / 1000);
const expectedV1 = (secret, t, body) => createHmac('sha256', secret).update(`${t}.${body}`).digest('hex');

test('sign prints t=<timestamp>,v1=<HMAC-SHA256 of "<t>.<body>" keyed with the whole secret> for the exact bytes on stdin', async () => {
  const signed = await run(['sign', '--secret', SECRET, '--timestamp', '1776340860'], { input: BODY });
  assert.equal(signed.code, 0, signed.stderr);
  assert.equal(signed.stdout, `t=1776340860,v1=${expectedV1(SECRET, 1776340860, BODY)}\n`);
  const json = await run(['sign', '--timestamp', '42', '--json'], { input: BODY, env: { CALLINGBOX_WEBHOOK_SECRET: SECRET } });
  assert.deepEqual(JSON.parse(json.stdout), { header: `t=42,v1=${expectedV1(SECRET, 42, BODY)}`, timestamp: 42 });
});

test('a header from sign passes the official Python SDK and verify, and the body round-trips byte for byte', async () => {
  const { stdout: header } = await run(['sign', '--secret', SECRET], { input: BODY });
  const t = Number(/^t=(\d+),/.exec(header)[1]);
  assert.ok(Math.abs(t - now()) <= 5, 'signed now by default');
  const sdk = spawnSync(PYTHON, ['-c', [
    'import sys, json',
    'from callingbox.resources.webhooks import Webhooks',
    'event = Webhooks.construct_event(sys.stdin.buffer.read(), sys.argv[1], sys.argv[2])',
    'print(json.dumps({"id": event.id, "prompt": event.data["call"]["prompt"]}))',
  ].join('\n'), header.trim(), SECRET], { input: BODY, encoding: 'utf8' });
  assert.equal(sdk.status, 0, sdk.stderr);
  assert.deepEqual(JSON.parse(sdk.stdout), { id: '6f1c1f5e-2f43-4f7e-9a53-0d7b2f6a9c11', prompt: 'Grüße 🚀' });

  const verified = await run(['verify', '--secret', SECRET, '--header', header.trim()], { input: BODY });
  assert.equal(verified.code, 0, verified.stdout + verified.stderr);
  assert.equal(verified.stdout, 'valid: call.completed 6f1c1f5e-2f43-4f7e-9a53-0d7b2f6a9c11\n');
  const pasted = await run(['verify', '--secret', SECRET, '--header', `CallingBox-Signature: ${header.trim()}`, '--json'], { input: BODY });
  assert.deepEqual(JSON.parse(pasted.stdout), { valid: true, type: 'call.completed', id: '6f1c1f5e-2f43-4f7e-9a53-0d7b2f6a9c11' });
});

test('verify accepts any of several secrets (rotation), from --secret or CALLINGBOX_WEBHOOK_SECRET', async () => {
  const header = `t=${now()},v1=${expectedV1(OLD_SECRET, now(), BODY)}`;
  assert.equal((await run(['verify', '--secret', SECRET, '--secret', OLD_SECRET, '--header', header], { input: BODY })).code, 0);
  assert.equal((await run(['verify', '--header', header], { input: BODY, env: { CALLINGBOX_WEBHOOK_SECRET: `${SECRET},${OLD_SECRET}` } })).code, 0);
  assert.equal((await run(['verify', '--secret', SECRET, '--header', header], { input: BODY })).code, 1, 'the new secret alone does not match');
});

test('verify prints each failure code with its explanation and exits 1', async () => {
  const t = now();
  const valid = `t=${t},v1=${expectedV1(SECRET, t, BODY)}`;
  const old = t - 3600;
  const cases = [
    { name: 'tampered body', header: valid, body: BODY.replace('c1', 'c2'), code: 'no_matching_signature', says: /raw request body exactly as received/ },
    { name: 'wrong secret', header: valid, body: BODY, secret: OLD_SECRET, code: 'no_matching_signature', says: /current signing secret/ },
    { name: 'an hour old', header: `t=${old},v1=${expectedV1(SECRET, old, BODY)}`, body: BODY, code: 'timestamp_out_of_tolerance', says: /./ },
    { name: 'malformed', header: 't=abc,v1=zz', body: BODY, code: 'malformed_header', says: /./ },
    { name: 'empty header', header: '', body: BODY, code: 'missing_header', says: /./ },
    { name: 'signed but not JSON', header: `t=${t},v1=${expectedV1(SECRET, t, 'not json')}`, body: 'not json', code: 'invalid_payload', says: /./ },
  ];
  await Promise.all(cases.map(async ({ name, header, body, secret = SECRET, code, says }) => {
    const human = await run(['verify', '--secret', secret, `--header=${header}`], { input: body, bin: true });
    assert.equal(human.code, 1, name);
    const [verdict, ...explanation] = human.stdout.trim().split('\n');
    assert.equal(verdict, `invalid: ${code}`, name);
    assert.match(explanation.join('\n'), says, name);
    const json = JSON.parse((await run(['verify', '--secret', secret, `--header=${header}`, '--json'], { input: body, bin: true })).stdout);
    assert.equal(json.valid, false);
    assert.equal(json.code, code, name);
  }));
  // An old request saved for debugging: --tolerance 0 turns the clock check off, --now judges at its time.
  const saved = `t=${old},v1=${expectedV1(SECRET, old, BODY)}`;
  assert.equal((await run(['verify', '--secret', SECRET, '--header', saved, '--tolerance', '0'], { input: BODY })).code, 0);
  assert.equal((await run(['verify', '--secret', SECRET, '--header', saved, '--now', String(old + 10)], { input: BODY })).code, 0);
});

test('no sign or verify output contains a signing secret', () => {
  const all = outputs.join('\n');
  assert.ok(all.includes('invalid: no_matching_signature'));
  for (const secret of [SECRET, OLD_SECRET]) assert.ok(!all.includes(secret), `output contains ${secret.slice(0, 9)}...`);
  assert.doesNotMatch(all, /whsec_[0-9a-f]{4}/, 'no secret-shaped string at all');
});
