// --state-file persistence across restarts, and POST /_emulator/reset.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { CLI } from './spawn.mjs';
import {
  always, createEndpoint, emit, getDelivery, sequence, sleep, startEmulator, startReceiver, verifySignature,
  waitFor, waitForDeliveryStatus,
} from './support.mjs';

let receiver;
let dir;
before(async () => {
  receiver = await startReceiver();
  dir = mkdtempSync(join(tmpdir(), 'callingbox-emulator-'));
});
after(async () => {
  await receiver.close();
  rmSync(dir, { recursive: true, force: true });
});

test('with --state-file, endpoints and deliveries survive a restart and a pending delivery resumes', async () => {
  const stateFile = join(dir, 'state.json');
  // Scale 30: the retry after a failed first attempt is due ~2 s later, after the restart.
  const args = ['--allow-http-localhost', '--time-scale', '30', '--state-file', stateFile];
  const route = receiver.route(sequence([500, 200]));

  const first = await startEmulator(args);
  const endpoint = await createEndpoint(first, route.url, { description: 'kept' });
  const [{ id }] = await emit(first, 'call.completed');
  await waitFor(async () => (await getDelivery(first, id)).attempt_count === 1);
  await first.stop();
  assert.equal(route.requests.length, 1);
  assert.equal(statSync(stateFile).mode & 0o777, 0o600, 'the state file holds secrets');

  const second = await startEmulator(args);
  try {
    const read = await second.api('GET', `/v1/webhook_endpoints/${endpoint.id}`);
    assert.equal(read.status, 200);
    assert.equal(read.json.description, 'kept');
    const delivered = await waitForDeliveryStatus(second, id, 'delivered');
    assert.equal(delivered.attempt_count, 2);
    assert.equal(route.requests.length, 2);
    const [before, afterRestart] = route.requests;
    assert.equal(afterRestart.body, before.body, 'same bytes after the restart');
    assert.ok(verifySignature(afterRestart.headers['callingbox-signature'], afterRestart.body, endpoint.signing_secret).ok);
  } finally {
    await second.stop();
  }
});

test('a corrupt state file stops the start with exit code 1 and is left untouched', async () => {
  const stateFile = join(dir, 'corrupt.json');
  writeFileSync(stateFile, '{not json');
  const child = spawn(process.execPath, [CLI, 'emulator', '--port', '0', '--state-file', stateFile]);
  let stderr = '';
  child.stderr.on('data', (chunk) => { stderr += chunk; });
  const code = await new Promise((resolve) => child.on('exit', resolve));
  assert.equal(code, 1);
  assert.match(stderr, /state file/);
  assert.equal(readFileSync(stateFile, 'utf8'), '{not json');
});

test('POST /_emulator/reset empties endpoints, deliveries, faults and the request log and stops retries', async () => {
  // Scale 60: attempt 2 is due 0.8-1.2 s after attempt 1, so nothing is in flight at the reset.
  const emu = await startEmulator(['--allow-http-localhost', '--time-scale', '60']);
  try {
    const route = receiver.route(always(500));
    await createEndpoint(emu, route.url);
    const [{ id }] = await emit(emu, 'call.completed');
    await waitFor(async () => (await getDelivery(emu, id)).attempt_count === 1);
    await emu.control('POST', '/_emulator/faults', { method: 'GET', path: '/v1/webhook_endpoints', faults: [{ status: 500 }] });

    const res = await emu.control('POST', '/_emulator/reset');
    assert.equal(res.status, 200);

    assert.deepEqual((await emu.control('GET', '/_emulator/faults')).json.data, []);
    assert.deepEqual((await emu.control('GET', '/_emulator/requests')).json.data, []);
    assert.deepEqual((await emu.api('GET', '/v1/webhook_endpoints')).json.data, []);
    assert.deepEqual((await emu.api('GET', '/v1/webhook_deliveries')).json.data, []);
    await sleep(1500);
    assert.equal(route.requests.length, 1, 'no attempts after the reset');
  } finally {
    await emu.stop();
  }
});
