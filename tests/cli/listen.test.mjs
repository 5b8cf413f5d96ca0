// `npx callingbox-webhooks listen --forward-to <url>` in a fresh project,
// forwarding to a receiver written in Python that verifies with the official
// SDK: every event type arrives verified, retries are shown as they happen,
// Ctrl-C cleans up, and no API key is ever printed.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import {
  CALL_FIELDS, EVENT_TYPES, UUID, callStatusOf, cli, freePort, installCli, startCli, startPythonReceiver,
} from './support.mjs';

let project;
const outputs = []; // everything any CLI run printed, checked for keys at the end

before(async () => {
  project = await installCli('cli-listen');
});

after(() => project?.remove());

const noEmulatorAt = async (port) => {
  try {
    await fetch(`http://127.0.0.1:${port}/_emulator/health`);
    return false;
  } catch {
    return true;
  }
};

test('listen forwards every event type to a Python receiver that verifies each one with the official SDK', async () => {
  const receiver = await startPythonReceiver();
  const port = await freePort();
  // Run as node_modules/.bin/callingbox-webhooks, so that the exit status is the CLI's (npx re-raises Ctrl-C).
  const listen = startCli(project, ['listen', '--forward-to', `${receiver.url}/hooks`, '--port', String(port), '--json'], { bin: true });
  try {
    const ready = await listen.json((line) => line.event === 'ready', 'the ready line');
    assert.match(ready.signing_secret, /^whsec_[0-9a-f]{32}$/);
    assert.equal(ready.started_emulator, true);
    assert.equal(ready.forward_to, `${receiver.url}/hooks`);
    receiver.setSecret(ready.signing_secret);

    const triggered = await Promise.all(EVENT_TYPES.map((type) => cli(project, ['trigger', type, '--port', String(port)])));
    const eventIds = triggered.map((result, i) => {
      outputs.push(result.stdout, result.stderr);
      assert.equal(result.code, 0, result.stderr);
      const match = new RegExp(`^Triggered ${EVENT_TYPES[i].replace('.', '\\.')}: 1 delivery \\(event ([0-9a-f-]{36})\\)$`).exec(result.stdout.trim());
      assert.ok(match, `trigger printed: ${result.stdout}`);
      return match[1];
    });

    const verified = await receiver.waitFor(EVENT_TYPES.length, (r) => r.verified);
    assert.deepEqual(verified.map((r) => r.type).sort(), [...EVENT_TYPES].sort());
    assert.deepEqual(receiver.records().filter((r) => !r.verified), [], 'no request failed verification');
    for (const record of verified) {
      assert.equal(record.id, eventIds[EVENT_TYPES.indexOf(record.type)], 'the event id trigger printed is the one that arrived');
      assert.deepEqual(Object.keys(record.call).sort(), [...CALL_FIELDS].sort(), `${record.type}: the full call object`);
      assert.equal(record.parsed_call.status, callStatusOf(record.type));
      assert.equal(record.headers['callingbox-event-id'], record.id);
      assert.equal(record.headers['callingbox-event-type'], record.type);
      assert.equal(record.headers['x-callingbox-call-id'], record.call.id);
      assert.equal(record.api_version, '2026-04');
    }
    assert.equal(verified.find((r) => r.type === 'call.completed').call.result?.confirmed, true);

    for (const id of eventIds) {
      const line = await listen.json((l) => l.event === 'delivery' && l.event_id === id, `the delivery line of ${id}`);
      assert.equal(line.status, 200);
      assert.equal(line.attempt, 1);
      assert.ok(Number.isInteger(line.latency_ms) && line.latency_ms >= 0);
      assert.equal(line.error, null);
    }
  } finally {
    assert.equal(await listen.interrupt(), 0, 'Ctrl-C ends listen with exit status 0');
    outputs.push(listen.stdout.text(), listen.stderr.text());
    receiver.close();
  }
  assert.deepEqual(JSON.parse(listen.stdout.lines.at(-1)), { event: 'stopped', deliveries: 8, endpoint_deleted: JSON.parse(listen.stdout.lines[0]).endpoint_id, emulator_stopped: true });
  assert.ok(await noEmulatorAt(port), 'the emulator listen started is gone after Ctrl-C');
});

test('listen prints one line per attempt, a failed one and its retry included, and the secret once in .env form', async () => {
  const receiver = await startPythonReceiver();
  const port = await freePort();
  // At time scale 3600 the first retry comes about 17 ms after the failed attempt.
  const listen = startCli(project, ['listen', '--forward-to', `${receiver.url}/hooks`, '--port', String(port), '--time-scale', '3600']);
  try {
    const envLine = await listen.line(/^ {2}CALLINGBOX_WEBHOOK_SECRET=whsec_[0-9a-f]{32}$/);
    receiver.setSecret(envLine.trim().split('=')[1]);
    await listen.line(/^Ready\. Started a local CallingBox at http:\/\/127\.0\.0\.1:\d+; forwarding every event to /);

    writeFileSync(join(project.dir, 'flaky-call.json'), JSON.stringify({ metadata: { language: 'de-DE', fail_once: true } }));
    const result = await cli(project, ['trigger', 'call.completed', '--port', String(port), '--call', 'flaky-call.json']);
    outputs.push(result.stdout, result.stderr);
    assert.equal(result.code, 0, result.stderr);
    const id = /event ([0-9a-f-]{36})/.exec(result.stdout)[1];

    const time = '\\d\\d:\\d\\d:\\d\\d';
    await listen.line(new RegExp(`^${time} {2}call\\.completed {3}${id} {2}503 +\\d+ ms {2}\\(attempt 1 of 8 failed; CallingBox retries it\\)$`));
    await listen.line(new RegExp(`^${time} {2}call\\.completed {3}${id} {2}200 +\\d+ ms {2}retry 1$`));
    const [first, second] = await receiver.waitFor(2, (r) => r.id === id);
    assert.deepEqual([first.status, second.status], [503, 200]);
    assert.equal(second.parsed_call.language, 'de-DE', '--call fields replace the generated call\'s');
  } finally {
    assert.ok([0, 'SIGINT'].includes(await listen.interrupt()), 'npx ends on the Ctrl-C it passed on');
    outputs.push(listen.stdout.text(), listen.stderr.text());
    receiver.close();
  }
  const stdout = listen.stdout.text();
  assert.equal(stdout.match(/whsec_/g).length, 1, 'the signing secret is printed once');
  assert.doesNotMatch(stdout, /\x1b\[/, 'no colour codes when stdout is not a terminal');
  assert.match(listen.stdout.lines.at(-1), /^Stopped: deleted endpoint [0-9a-f-]{36} and stopped the emulator \(2 delivery attempts forwarded\)\.$/);
});

test('listen attaches to a running emulator, --print-secret prints the bare secret, and Ctrl-C deletes only its own endpoint', async () => {
  const emulator = startCli(project, ['emulator', '--port', '0', '--allow-http-localhost', '--api-key', 'sk_test_attached_key']);
  const receiver = await startPythonReceiver();
  try {
    const [, url, port] = /^CallingBox emulator listening on (http:\/\/127\.0\.0\.1:(\d+))$/.exec(await emulator.line(/^CallingBox emulator listening on /));
    const auth = { authorization: 'Bearer sk_test_attached_key', 'content-type': 'application/json' };
    const other = await (await fetch(`${url}/v1/webhook_endpoints`, { method: 'POST', headers: auth, body: JSON.stringify({ url: 'https://example.com/other', enabled_events: ['call.ringing'] }) })).json();

    const listen = startCli(project, ['listen', '--forward-to', `${receiver.url}/`, '--port', port, '--api-key', 'sk_test_attached_key', '--print-secret', '--events', 'call.canceled,call.busy']);
    let secret;
    try {
      secret = await listen.line(/^whsec_[0-9a-f]{32}$/);
      assert.equal(listen.stdout.lines[0], secret, 'the secret is the first stdout line');
      await listen.stderr.waitFor(/^Ready\. Attached to the CallingBox emulator at /, 'the ready line on stderr');
      receiver.setSecret(secret);

      const fired = await cli(project, ['trigger', 'call', '--outcome', 'canceled', '--port', port]);
      outputs.push(fired.stdout, fired.stderr);
      assert.equal(fired.code, 0, fired.stderr);
      assert.match(fired.stdout, /^Triggered call\.queued: 0 deliveries\nTriggered call\.canceled: 1 delivery \(event [0-9a-f-]{36}\)\n$/, 'only the subscribed events are delivered');
      const [record] = await receiver.waitFor(1, (r) => r.verified);
      assert.equal(record.type, 'call.canceled');
      await listen.stderr.waitFor(/call\.canceled .* 200 /, 'the delivery line on stderr');
      assert.deepEqual(listen.stdout.lines.filter(Boolean), [secret], 'nothing but the secret on stdout');
    } finally {
      assert.ok([0, 'SIGINT'].includes(await listen.interrupt()), 'npx ends on the Ctrl-C it passed on');
      outputs.push(listen.stdout.text(), listen.stderr.text());
    }
    const left = await (await fetch(`${url}/v1/webhook_endpoints`, { headers: auth })).json();
    assert.deepEqual(left.data.map((e) => e.id), [other.id], 'listen deleted its endpoint and no other');
    assert.equal((await fetch(`${url}/_emulator/health`)).status, 200, 'the emulator listen attached to still runs');
    assert.match(listen.stderr.lines.at(-1), /^Stopped: deleted endpoint [0-9a-f-]{36} \(1 delivery attempt forwarded\)\.$/);
  } finally {
    assert.ok([0, 'SIGINT'].includes(await emulator.interrupt()));
    outputs.push(emulator.stdout.text(), emulator.stderr.text());
    receiver.close();
  }
});

test('listen explains what to do when it cannot work: an https-only emulator, a port taken by something else, a wrong key', async () => {
  const strict = startCli(project, ['emulator', '--port', '0']);
  try {
    const port = /:(\d+)$/.exec(await strict.line(/^CallingBox emulator listening on /))[1];
    const https = await cli(project, ['listen', '--forward-to', 'http://127.0.0.1:9/hooks', '--port', port]);
    assert.equal(https.code, 1);
    assert.match(https.stderr, /only accepts https endpoint URLs: restart it with --allow-http-localhost/);
    const key = await cli(project, ['listen', '--forward-to', 'http://127.0.0.1:9/hooks', '--port', port, '--api-key', 'sk_test_wrong_key']);
    assert.equal(key.code, 1);
    assert.match(key.stderr, /refused the API key: pass the key it was started with \(--api-key\)/);
    outputs.push(https.stdout, https.stderr, key.stdout, key.stderr);
  } finally {
    await strict.interrupt();
  }

  const other = (await import('node:http')).createServer((req, res) => res.end('not an emulator'));
  await new Promise((resolve) => other.listen(0, '127.0.0.1', resolve));
  try {
    const taken = await cli(project, ['listen', '--forward-to', 'http://127.0.0.1:9/hooks', '--port', String(other.address().port)]);
    assert.equal(taken.code, 1);
    assert.match(taken.stderr, /is used by something that is not a CallingBox emulator: pass another --port/);
  } finally {
    other.close();
  }
});

test('when npx is killed without its process group, listen notices and still cleans up', async () => {
  const port = await freePort();
  const listen = startCli(project, ['listen', '--forward-to', 'http://127.0.0.1:9/hooks', '--port', String(port)]);
  await listen.line(/^Ready\. Started a local CallingBox/);
  // What a process manager does: SIGTERM to npx alone, which exits without passing it on.
  process.kill(listen.child.pid, 'SIGTERM');
  await listen.line(/^Stopped: deleted endpoint [0-9a-f-]{36} and stopped the emulator/);
  assert.ok(await noEmulatorAt(port), 'the port is free again');
  outputs.push(listen.stdout.text(), listen.stderr.text());
  listen.kill();
});

test('no output of any listen, emulator or trigger run contains an API key', () => {
  const all = outputs.join('\n');
  assert.ok(all.length > 1000, 'the runs above printed something');
  assert.doesNotMatch(all, /sk_test_attached_key|sk_test_wrong_key|sk_test_emulator_key|Bearer/);
});
