// The `emulator` command of the CLI: the first stdout line, flags, exit
// codes, logs without secrets, and that a programmatic close() lets the
// process exit.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { test } from 'node:test';
import { parseArgs } from '../../pkg-template/cli/emulator-args.js';
import { CLI } from './spawn.mjs';
import { call, createEndpoint, emit, startEmulator, startReceiver, waitForDeliveryStatus } from './support.mjs';

const EMULATOR = new URL('../../pkg-template/emulator/index.js', import.meta.url).href;

/** Runs a node process to completion; resolves {code, stdout, stderr}. */
function run(args, { timeoutMs = 10_000 } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => { stdout += chunk; });
    child.stderr.on('data', (chunk) => { stderr += chunk; });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`process still running after ${timeoutMs} ms\n${stderr}`));
    }, timeoutMs);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

test('the first stdout line is exactly "CallingBox emulator listening on http://127.0.0.1:<port>"', async () => {
  const emu = await startEmulator();
  try {
    assert.match(emu.lines[0], /^CallingBox emulator listening on http:\/\/127\.0\.0\.1:\d+$/);
    assert.ok(emu.port > 0);
    const res = await call(`${emu.url}/_emulator/health`, { key: null });
    assert.equal(res.status, 200);
  } finally {
    assert.equal(await emu.stop(), 0, 'SIGTERM ends the process with exit code 0');
  }
});

test('an unknown flag is refused on stderr with exit code 2 and nothing on stdout', async () => {
  const result = await run([CLI, 'emulator', '--port', '0', '--bogus']);
  assert.equal(result.code, 2);
  assert.match(result.stderr, /unknown flag: --bogus/);
  assert.equal(result.stdout, '');
});

test('invalid flag values are refused with exit code 2', async () => {
  for (const args of [['--port', 'abc'], ['--time-scale', '0'], ['--api-key', 'pk_live_x'], ['--port']]) {
    const result = await run([CLI, 'emulator', ...args]);
    assert.equal(result.code, 2, args.join(' '));
    assert.ok(result.stderr.length > 0);
  }
});

test('the flag defaults are port 4010, key sk_test_emulator_key and time scale 1', () => {
  const options = parseArgs([]);
  assert.equal(options.port, 4010);
  assert.deepEqual(options.apiKeys, []); // startEmulator then uses sk_test_emulator_key
  assert.equal(options.timeScale, 1);
  assert.deepEqual(parseArgs(['--port=0', '--api-key=sk_a', '--api-key', 'sk_b']).apiKeys, ['sk_a', 'sk_b']);
});

test('--api-key replaces the default key and may be repeated', async () => {
  const emu = await startEmulator(['--api-key', 'sk_test_one', '--api-key', 'sk_test_two']);
  try {
    const list = (key) => call(`${emu.url}/v1/webhook_endpoints`, { key });
    assert.equal((await list('sk_test_emulator_key')).status, 401);
    assert.equal((await list('sk_test_one')).status, 200);
    assert.equal((await list('sk_test_two')).status, 200);
  } finally {
    await emu.stop();
  }
});

test('log lines never contain an API key or a signing secret', async () => {
  const receiver = await startReceiver();
  const emu = await startEmulator(['--allow-http-localhost', '--time-scale', '36000']);
  try {
    const endpoint = await createEndpoint(emu, receiver.route().url);
    const rotated = (await emu.api('POST', `/v1/webhook_endpoints/${endpoint.id}/rotate_secret`)).json;
    await emu.api('GET', '/v1/webhook_endpoints', { key: 'sk_test_wrong' });
    const [{ id }] = await emit(emu, 'call.completed');
    await waitForDeliveryStatus(emu, id, 'delivered');
    await emu.api('GET', '/v1/webhook_endpoints');
    await emu.stop(); // all of stdout has arrived once the process is gone
    const output = emu.lines.join('\n');
    assert.ok(emu.lines.length > 3, 'the emulator does log requests and deliveries');
    for (const secret of ['sk_test_emulator_key', 'sk_test_wrong', endpoint.signing_secret, rotated.signing_secret, 'whsec_']) {
      assert.ok(!output.includes(secret), `log contains ${secret.slice(0, 8)}...`);
    }
  } finally {
    await emu.stop();
    await receiver.close();
  }
});

test('--quiet prints the first line only', async () => {
  const emu = await startEmulator(['--quiet']);
  try {
    await call(`${emu.url}/v1/webhook_endpoints`);
    await emu.stop();
    assert.equal(emu.lines.length, 1);
  } finally {
    await emu.stop();
  }
});

test('startEmulator() works in-process and close() clears every timer so the process exits', async () => {
  // Time scale 1: after the refused first attempt the retry timer is ~1 min away.
  const script = `
    import { startEmulator } from ${JSON.stringify(EMULATOR)};
    const emu = await startEmulator({ allowHttpLocalhost: true });
    const auth = { authorization: 'Bearer sk_test_emulator_key', 'content-type': 'application/json' };
    await fetch(emu.url + '/v1/webhook_endpoints', { method: 'POST', headers: auth, body: JSON.stringify({ url: 'http://127.0.0.1:9/x' }) });
    await fetch(emu.url + '/_emulator/faults', { method: 'POST', body: JSON.stringify({ method: 'GET', path: '/v1/webhook_endpoints', faults: [{ delay_ms: 60000 }] }) });
    fetch(emu.url + '/v1/webhook_endpoints', { headers: auth }).catch(() => {});
    await fetch(emu.url + '/_emulator/events', { method: 'POST', body: JSON.stringify({ type: 'call.queued' }) });
    let d;
    do {
      await new Promise((resolve) => setTimeout(resolve, 20));
      [d] = (await (await fetch(emu.url + '/v1/webhook_deliveries', { headers: auth })).json()).data;
    } while (d.attempt_count === 0);
    console.log(d.status, d.attempt_count);
    await emu.close();
  `;
  // The retry timer and the delayed request are a minute away: exiting well
  // before that means close() cleared them.
  const result = await run(['--input-type=module', '-e', script], { timeoutMs: 20_000 });
  assert.equal(result.code, 0, result.stderr);
  assert.equal(result.stdout.trim(), 'pending 1');
});
