// `make demo` without the build step: DEMO_ONCE=1 node examples/demo.mjs runs
// the scripted flow and exits; the interactive mode serves until SIGINT.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { launchChromium } from '../support/chromium.mjs';
import { screenshot } from './support.mjs';

const DEMO = fileURLToPath(new URL('../../examples/demo.mjs', import.meta.url));

function run(env, { untilLine, timeoutMs = 60_000 } = {}) {
  const child = spawn(process.execPath, [DEMO], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (text) => { stdout += text; });
  child.stderr.setEncoding('utf8').on('data', (text) => { stderr += text; });
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal)));
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  exited.then(() => clearTimeout(timer));
  const ready = untilLine && new Promise((resolve, reject) => {
    const check = () => {
      const match = untilLine.exec(stdout);
      if (match) resolve(match);
    };
    child.stdout.on('data', check);
    exited.then(() => reject(new Error(`demo exited before printing ${untilLine}\n${stdout}\n${stderr}`)));
  });
  return { child, exited, ready, output: () => ({ stdout, stderr }) };
}

async function waitFor(predicate, what, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

test('DEMO_ONCE=1 runs the scripted flow, reports every check and exits 0', async () => {
  const demo = run({ DEMO_ONCE: '1' });
  const code = await demo.exited;
  const { stdout, stderr } = demo.output();
  assert.equal(code, 0, `exit code ${code}\n${stdout}\n${stderr}`);
  assert.match(stdout, /demo PASSED: (\d+)\/\1 checks/);
  assert.doesNotMatch(stdout, /FAIL/);
  for (const step of [
    /seeded 4 endpoints through the proxy/,
    /11 of 11 deliveries delivered/,
    /receiver verified \d+ requests with constructEvent, rejected 0/,
    /rotated the signing secret/,
    /the old secret no longer verifies \(no_matching_signature\)/,
    /no sk_ key in anything the proxy answers/,
  ]) assert.match(stdout, step);
  assert.doesNotMatch(stdout + stderr, /whsec_/, 'no signing secret is ever printed');
});

test('two scripted demos can run at the same time (every port is picked free)', async () => {
  const [a, b] = [run({ DEMO_ONCE: '1' }), run({ DEMO_ONCE: '1' })];
  assert.deepEqual(await Promise.all([a.exited, b.exited]), [0, 0], `${a.output().stderr}\n${b.output().stderr}`);
});

test('the interactive demo prints its URLs, serves the seeded dashboard and stops cleanly on Ctrl-C', async () => {
  const demo = run({ DEMO_PORT: '0', EMULATOR_PORT: '0', RECEIVER_PORT: '0' }, { untilLine: /Ctrl-C to stop/ });
  try {
    await demo.ready;
    const { stdout } = demo.output();
    const dashboard = /Dashboard\s+(?:\x1b\[1m)?(http:\/\/127\.0\.0\.1:\d+)/.exec(stdout)?.[1];
    assert.ok(dashboard, stdout);
    assert.match(stdout, /Backend proxy\s+http:\/\/127\.0\.0\.1:\d+\/api\/callingbox/);
    assert.match(stdout, /Emulator\s+http:\/\/127\.0\.0\.1:\d+/);
    assert.match(stdout, /Receiver\s+http:\/\/127\.0\.0\.1:\d+\/hooks/);
    const page = await fetch(`${dashboard}/`);
    assert.equal(page.status, 200);
    const list = await (await fetch(`${dashboard}/api/callingbox/v1/webhook_endpoints`)).json();
    assert.deepEqual(list.data.map((e) => e.description).sort(),
      ['Analytics: finished calls', 'Archive (paused)', 'CRM sync (flaky)', 'Orders service']);
    const deliveries = await (await fetch(`${dashboard}/api/callingbox/v1/webhook_deliveries`)).json();
    assert.ok(deliveries.data.length > 0, 'the seeded calls produced deliveries');

    // An endpoint created through the proxy (as the dashboard does) gets its
    // secret to the receiver, which then verifies its deliveries.
    const receiverUrl = /Receiver\s+(http:\/\/127\.0\.0\.1:\d+)\/hooks/.exec(stdout)[1];
    const created = await fetch(`${dashboard}/api/callingbox/v1/webhook_endpoints`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ url: `${receiverUrl}/hooks/made-in-dashboard`, enabled_events: ['call.canceled'] }),
    });
    assert.equal(created.status, 201);
    const { id } = await created.json();
    const fired = await fetch(`${dashboard}/api/emulator/events`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ type: 'call.canceled' }),
    });
    assert.equal(fired.status, 202);
    await waitFor(() => /\/hooks\/made-in-dashboard call\.canceled \S+ attempt 1: verified -> 200/.test(demo.output().stdout), 'the receiver verified the new endpoint\'s delivery');
    await fetch(`${dashboard}/api/callingbox/v1/webhook_endpoints/${id}`, { method: 'DELETE' }); // keep the screenshots to the seeded four

    // The seeded dashboard, as a person opening the printed URL sees it.
    const browser = await launchChromium();
    try {
      const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
      await page.goto(dashboard);
      await page.locator('#endpoints-body tr', { hasText: 'Archive (paused)' }).waitFor();
      assert.equal(await page.locator('#endpoints-body tr').count(), 4);
      await screenshot(page, 'demo-endpoints', { readme: true });
      await page.getByRole('link', { name: 'Deliveries', exact: true }).click();
      await page.locator('#deliveries-body tr[data-status]').first().waitFor();
      await page.waitForFunction(() => !document.querySelector('#deliveries-body tr[data-status="pending"]'), null, { timeout: 15_000 });
      assert.ok(await page.locator('#deliveries-body tr[data-status="delivered"]').count() >= 10);
      await screenshot(page, 'demo-deliveries', { readme: true });
    } finally {
      await browser.close();
    }
  } finally {
    demo.child.kill('SIGINT');
  }
  assert.equal(await demo.exited, 0);
  assert.match(demo.output().stdout, /stopping…/);
});
