// `make demo` without the build step: DEMO_ONCE=1 node examples/demo.mjs runs
// the scripted flow and exits; the interactive mode serves until SIGINT.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
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
    /11 of 11 deliveries to the Node receiver delivered/,
    /receiver verified \d+ requests with constructEvent, rejected 0/,
    // The Cloudflare Worker example, in workerd, took part.
    /seeded "Cloudflare Worker \(workerd\)" at http:\/\/127\.0\.0\.1:\d+\/ and gave the Worker its secret/,
    /the Worker \(workerd\) accepted 7 of 7 deliveries: delivered, last_response_status 200/,
    /the Worker processed each of those events once \(7 "processed" log lines\)/,
    /the Worker answered a tampered copy with 400 no_matching_signature/,
    /after rotating its secret, the Worker accepted the next event/,
    /demo PASSED: .*, 7 accepted by the Worker,/,
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
  const demo = run({ DEMO_PORT: '0', EMULATOR_PORT: '0', RECEIVER_PORT: '0', WORKER_PORT: '0' }, { untilLine: /Ctrl-C to stop/ });
  let workerdPids = [];
  try {
    await demo.ready;
    const { stdout } = demo.output();
    const dashboard = /Dashboard\s+(?:\x1b\[1m)?(http:\/\/127\.0\.0\.1:\d+)/.exec(stdout)?.[1];
    assert.ok(dashboard, stdout);
    assert.match(stdout, /Backend proxy\s+http:\/\/127\.0\.0\.1:\d+\/api\/callingbox/);
    assert.match(stdout, /Emulator\s+http:\/\/127\.0\.0\.1:\d+/);
    assert.match(stdout, /Receiver\s+http:\/\/127\.0\.0\.1:\d+\/hooks/);
    const workerUrl = /Worker\s+(http:\/\/127\.0\.0\.1:\d+)\/ /.exec(stdout)?.[1];
    assert.ok(workerUrl, stdout);
    const page = await fetch(`${dashboard}/`);
    assert.equal(page.status, 200);
    const list = await (await fetch(`${dashboard}/api/callingbox/v1/webhook_endpoints`)).json();
    assert.deepEqual(list.data.map((e) => e.description).sort(),
      ['Analytics: finished calls', 'Archive (paused)', 'CRM sync (flaky)', 'Cloudflare Worker (workerd)', 'Orders service']);
    assert.equal(list.data.find((e) => e.description === 'Cloudflare Worker (workerd)').url, `${workerUrl}/`);
    const deliveries = await (await fetch(`${dashboard}/api/callingbox/v1/webhook_deliveries`)).json();
    assert.ok(deliveries.data.length > 0, 'the seeded calls produced deliveries');
    // The Worker in workerd verifies and processes the seeded calls' events; a GET is not a delivery.
    await waitFor(() => /worker: processed call\.completed \S+/.test(demo.output().stdout), 'the Worker processed the seeded call.completed');
    assert.equal((await fetch(`${workerUrl}/`)).status, 405);

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
    await fetch(`${dashboard}/api/callingbox/v1/webhook_endpoints/${id}`, { method: 'DELETE' }); // keep the screenshots to the seeded five

    // The seeded dashboard, as a person opening the printed URL sees it.
    const browser = await launchChromium();
    try {
      const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
      await page.goto(dashboard);
      await page.locator('callingbox-webhooks-portal tr[data-endpoint-id]', { hasText: 'Archive (paused)' }).waitFor();
      assert.equal(await page.locator('callingbox-webhooks-portal tr[data-endpoint-id]').count(), 5);
      await page.waitForFunction(() => !document.querySelector('callingbox-webhooks-portal').shadowRoot.textContent.includes('Loading'));
      await screenshot(page, 'demo-endpoints', { readme: true });
      await page.getByRole('link', { name: 'Deliveries', exact: true }).click();
      await page.locator('callingbox-webhooks-portal tr[data-status]').first().waitFor();
      await page.waitForFunction(() => !document.querySelector('callingbox-webhooks-portal').shadowRoot.querySelector('tr[data-status="pending"]'), null, { timeout: 15_000 });
      assert.ok(await page.locator('callingbox-webhooks-portal tr[data-status="delivered"]').count() >= 10);
      await screenshot(page, 'demo-deliveries', { readme: true });
    } finally {
      await browser.close();
    }
    workerdPids = workerdDescendants(demo.child.pid);
    if (process.platform === 'linux') assert.ok(workerdPids.length > 0, 'the demo runs the Worker in a workerd process');
  } finally {
    demo.child.kill('SIGINT');
  }
  assert.equal(await demo.exited, 0);
  assert.match(demo.output().stdout, /stopping…/);
  await waitFor(() => !workerdPids.some(alive), `no workerd left behind by the demo (pids ${workerdPids.join(', ')})`, 5000);
});

/** Linux: whether process `pid` exists and is not a zombie. */
function alive(pid) {
  try {
    return !/^\d+ \(.*\) Z /.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

/** Linux: the live workerd processes that descend from `pid` ([] without /proc). */
function workerdDescendants(pid) {
  let entries;
  try {
    entries = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  } catch {
    return [];
  }
  const parent = new Map();
  const workerd = [];
  for (const name of entries) {
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const [, comm, state, ppid] = /^\d+ \((.*)\) (\S) (\d+)/.exec(stat);
      parent.set(Number(name), Number(ppid));
      if (comm === 'workerd' && state !== 'Z') workerd.push(Number(name));
    } catch { /* gone */ }
  }
  return workerd.filter((p) => {
    for (let at = p; at > 1; at = parent.get(at) ?? 0) if (at === pid) return true;
    return false;
  });
}
