// `npx callingbox-webhooks trigger` in a fresh project: every event type and
// every call lifecycle sent straight to a URL, signed by the package's wasm
// and verified by a Python receiver with the official SDK; failures and the
// through-the-emulator mode's messages.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import {
  CALL_FIELDS, EVENT_TYPES, UUID, callStatusOf, cli, freePort, installCli, startCli, startPythonReceiver,
} from './support.mjs';

const SECRET = 'whsec_5e1f0c3a9b7d2e4f6a8c0b1d3e5f7a9c';
let project;
let receiver;

before(async () => {
  project = await installCli('cli-trigger');
  receiver = await startPythonReceiver();
  receiver.setSecret(SECRET);
});

after(() => {
  receiver?.close();
  project?.remove();
});

const LINE = /^(call\.[a-z_]+) +([0-9a-f-]{36}) {2}(\d{3}|ERR) (\d+) ms(?: {2}(.*))?$/;

test('trigger --to sends every event type signed, and the official SDK verifies each full call object', async () => {
  const results = await Promise.all(EVENT_TYPES.map((type) => cli(project, ['trigger', type, '--to', `${receiver.url}/${type}`, '--secret', SECRET])));
  const ids = results.map((result, i) => {
    assert.equal(result.code, 0, result.stderr);
    const [, type, id, status] = LINE.exec(result.stdout.trim()) ?? [];
    assert.equal(type, EVENT_TYPES[i], result.stdout);
    assert.equal(status, '200');
    assert.match(id, UUID);
    return id;
  });
  const records = await receiver.waitFor(EVENT_TYPES.length, (r) => ids.includes(r.id));
  for (const record of records) {
    assert.ok(record.verified);
    assert.deepEqual(Object.keys(record.call).sort(), [...CALL_FIELDS].sort(), `${record.type}: the full call object`);
    assert.equal(record.parsed_call.status, callStatusOf(record.type));
    assert.equal(record.headers['callingbox-event-type'], record.type);
    assert.equal(record.headers['x-callingbox-event'], record.type);
    assert.equal(record.headers['callingbox-event-id'], record.id);
    assert.equal(record.headers['x-callingbox-call-id'], record.call.id);
    assert.equal(record.headers['content-type'], 'application/json');
    assert.match(record.headers['user-agent'], /^CallingBox-Webhooks\/2026-04 /);
  }
  const byType = Object.fromEntries(records.map((r) => [r.type, r.call]));
  assert.equal(byType['call.completed'].answered_at !== null && byType['call.completed'].result !== null, true, 'a completed call was answered and has a result');
  assert.equal(byType['call.busy'].answered_at, null, 'a busy call was never answered');
  assert.equal(byType['call.queued'].started_at, null, 'a queued call has not started');
  assert.ok(byType['call.ringing'].started_at && byType['call.ringing'].ended_at === null, 'a ringing call started and has not ended');
});

test('trigger call --outcome --to plays each whole lifecycle in order, all events sharing one call id', async () => {
  const lifecycles = {
    completed: ['call.queued', 'call.ringing', 'call.answered', 'call.completed'],
    failed: ['call.queued', 'call.ringing', 'call.failed'],
    no_answer: ['call.queued', 'call.ringing', 'call.no_answer'],
    busy: ['call.queued', 'call.ringing', 'call.busy'],
    canceled: ['call.queued', 'call.canceled'],
  };
  for (const [outcome, types] of Object.entries(lifecycles)) {
    const result = await cli(project, ['trigger', 'call', '--outcome', outcome, '--to', `${receiver.url}/calls`, '--secret', SECRET, '--json']);
    assert.equal(result.code, 0, result.stderr);
    const lines = result.stdout.trim().split('\n').map((line) => JSON.parse(line));
    assert.deepEqual(lines.map((l) => l.type), types, outcome);
    assert.equal(new Set(lines.map((l) => l.call_id)).size, 1, 'one call');
    assert.ok(lines.every((l) => l.status === 200 && l.error === null && UUID.test(l.event_id)));
    const records = await receiver.waitFor(types.length, (r) => r.call.id === lines[0].call_id);
    assert.deepEqual(records.map((r) => r.type), types, 'they arrive in lifecycle order');
    assert.ok(records.every((r) => r.verified));
  }
});

test('trigger --call replaces call fields, and the secret may come from CALLINGBOX_WEBHOOK_SECRET', async () => {
  writeFileSync(join(project.dir, 'call.json'), JSON.stringify({ id: 'call_from_fixture', to_number: '+15550001111', metadata: { language: 'es-ES' } }));
  const result = await cli(project, ['trigger', 'call.failed', '--to', `${receiver.url}/x`, '--call', 'call.json'], { env: { CALLINGBOX_WEBHOOK_SECRET: SECRET } });
  assert.equal(result.code, 0, result.stderr);
  const [record] = await receiver.waitFor(1, (r) => r.call.id === 'call_from_fixture');
  assert.ok(record.verified);
  assert.equal(record.call.to_number, '+15550001111');
  assert.equal(record.parsed_call.language, 'es-ES');
  assert.equal(record.headers['x-callingbox-call-id'], 'call_from_fixture');
  assert.equal(record.call.status, 'failed', 'the fields not given keep their generated values');
});

test('trigger --to exits 1 and shows the status when the receiver refuses, or why nothing answered', async () => {
  const refused = await cli(project, ['trigger', 'call.completed', '--to', `${receiver.url}/x`, '--secret', 'whsec_not_the_receivers']);
  assert.equal(refused.code, 1);
  assert.equal(LINE.exec(refused.stdout.trim())?.[3], '400', refused.stdout);
  const [rejected] = await receiver.waitFor(1, (r) => !r.verified);
  assert.match(rejected.error, /signature/i, 'the SDK rejected the wrong signature');

  const port = await freePort();
  const nothing = await cli(project, ['trigger', 'call.busy', '--to', `http://127.0.0.1:${port}/hooks`, '--secret', SECRET]);
  assert.equal(nothing.code, 1);
  const [, , , status, , why] = LINE.exec(nothing.stdout.trim()) ?? [];
  assert.equal(status, 'ERR', nothing.stdout);
  assert.equal(why, `connection refused: is your server listening on 127.0.0.1:${port}?`);
  assert.doesNotMatch(refused.stdout + refused.stderr + nothing.stdout + nothing.stderr, /whsec_/, 'no secret is printed');
});

test('trigger without --to tells how to start an emulator when none runs, and warns when no endpoint listens', async () => {
  const port = await freePort();
  const none = await cli(project, ['trigger', 'call.completed', '--port', String(port)]);
  assert.equal(none.code, 1);
  assert.match(none.stderr, new RegExp(`no CallingBox emulator answers at http://127\\.0\\.0\\.1:${port}: start one with \`npx callingbox-webhooks listen --forward-to <url>\``));

  const emulator = startCli(project, ['emulator', '--port', '0', '--quiet']);
  try {
    const emulatorPort = /:(\d+)$/.exec(await emulator.line(/^CallingBox emulator listening on /))[1];
    const lonely = await cli(project, ['trigger', 'call.queued', '--port', emulatorPort]);
    assert.equal(lonely.code, 0);
    assert.equal(lonely.stdout, 'Triggered call.queued: 0 deliveries\n');
    assert.match(lonely.stderr, /no endpoint of the emulator at .* is subscribed to call\.queued: is `callingbox-webhooks listen --forward-to <url>` running\?/);
  } finally {
    await emulator.interrupt();
  }
});
