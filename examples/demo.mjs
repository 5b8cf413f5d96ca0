// `make demo`: the whole thing on this machine, no CallingBox account needed.
//
//   emulator   the local CallingBox API (pkg-template/emulator), in this process
//   dashboard  www/ + pkg/ and the backend proxy that adds the sk_ key
//   receiver   a webhook receiver that verifies every delivery with constructEvent
//   worker     the Cloudflare Worker example (examples/cloudflare-worker) in
//              real workerd via Miniflare, installed from build/*.tgz; it
//              verifies with verifyRequest from callingbox-webhooks/verify
//
// Seeds a few endpoints and calls, prints the URLs and serves until Ctrl-C.
// DEMO_ONCE=1 runs a scripted check instead (seed, fire events, wait until
// delivered, verify in the receiver and in the Worker, send the Worker a
// tampered copy, rotate, verify again), prints a report and exits 0, or 1 on
// any failure.
//
// Ports (127.0.0.1): DEMO_PORT (dashboard + proxy, default 5173),
// EMULATOR_PORT (default 4010), RECEIVER_PORT (default 5174), WORKER_PORT
// (default 5175). DEMO_ONCE uses
// free ports (0) unless they are set. DEMO_TIME_SCALE (default 600) speeds up
// the emulator's retry schedule: its +1 min retry takes 0.1 s.
import { startEmulator } from '../pkg-template/emulator/index.js';
import { API_PREFIX, startDashboardServer } from '../www/server/server.mjs';
import { startReceiver } from '../www/server/receiver.mjs';
import { checkExampleWorker, startExampleWorker } from '../www/server/worker.mjs';
import { CallingBox, constructEvent, WebhookVerificationError } from '../pkg/node.js';

const ONCE = process.env.DEMO_ONCE === '1' || process.env.DEMO_ONCE === 'true';
const API_KEY = 'sk_test_emulator_key'; // the emulator's default key; only the proxy and this script hold it
const port = (name, fallback) => {
  const value = process.env[name];
  if (value === undefined || value === '') return ONCE ? 0 : fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new Error(`${name} must be a port number, got ${value}`);
  return n;
};
const TIME_SCALE = Number(process.env.DEMO_TIME_SCALE || 600);
const VERBOSE = process.env.DEMO_VERBOSE === '1' || !ONCE;

const bold = (s) => (process.stdout.isTTY ? `\x1b[1m${s}\x1b[0m` : s);
const log = (line) => console.log(line);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const WORKER_DESCRIPTION = 'Cloudflare Worker (workerd)';

async function main() {
  const started = Date.now();
  const services = [];
  const stopAll = async () => {
    for (const close of services.reverse()) await close().catch(() => {});
  };

  checkExampleWorker(); // before anything starts: a missing tarball is a clear error, not a half-started demo
  // The Worker takes the longest to start (npm install from the tarball,
  // bundle, workerd): it starts first and the rest starts meanwhile.
  const workerStarting = startExampleWorker({
    port: port('WORKER_PORT', 5175),
    log: VERBOSE ? (line) => log(`worker: ${line}`) : () => {},
  });
  workerStarting.catch(() => {}); // awaited below; stopAll also waits for it
  services.push(() => workerStarting.then((w) => w.close(), () => {}));
  let worker;

  try {
    const receiver = await startReceiver({ constructEvent, port: port('RECEIVER_PORT', 5174), log: VERBOSE ? log : () => {} });
    services.push(receiver.close);
    const emulator = await startEmulator({
      port: port('EMULATOR_PORT', 4010),
      timeScale: TIME_SCALE,
      allowHttpLocalhost: true,
      log: process.env.DEMO_VERBOSE === '1' ? (line) => log(`emulator: ${line}`) : () => {},
    });
    services.push(emulator.close);
    const dashboard = await startDashboardServer({
      port: port('DEMO_PORT', 5173),
      upstream: emulator.url,
      apiKey: API_KEY,
      emulatorControl: true,
      // The demo's receiver learns each secret as create/rotate return it,
      // including endpoints created in the dashboard.
      // So does the Worker, for endpoints whose url points at it.
      onSigningSecret: (endpoint) => {
        receiver.setSecret(endpoint);
        worker?.setSecret(endpoint).catch((error) => log(`worker: could not take the new secret: ${error.message}`));
      },
      log: process.env.DEMO_VERBOSE === '1' ? log : () => {},
    });
    services.push(dashboard.close);

    // The script manages endpoints through the proxy too, like the dashboard.
    const client = new CallingBox({ baseUrl: `${dashboard.url}${API_PREFIX}`, maxRetries: 0 });
    const seeded = await seed(client, receiver);
    worker = await workerStarting;
    const workerMs = worker.timings.install + worker.timings.start;
    if (workerMs > 2000) {
      log(`worker: ready in ${(workerMs / 1000).toFixed(1)} s (npm install from the tarball ${(worker.timings.install / 1000).toFixed(1)} s, bundle + workerd ${(worker.timings.start / 1000).toFixed(1)} s)`);
    }
    const workerEndpoint = await seedWorker(client, worker);

    if (ONCE) {
      const report = await scripted({ client, receiver, emulator, dashboard, seeded, worker, workerEndpoint });
      await stopAll();
      printReport(report, Date.now() - started);
      process.exitCode = report.failures.length === 0 ? 0 : 1;
      return;
    }

    await playCall(emulator.url, 'completed');
    await playCall(emulator.url, 'no_answer');
    await playCall(emulator.url, 'busy');
    console.log(`
${bold('CallingBox webhooks demo')}

  Dashboard        ${bold(dashboard.url)}
  Backend proxy    ${dashboard.url}${API_PREFIX}  (adds the sk_ key; the page holds none)
  Emulator         ${emulator.url}  (key ${API_KEY}, retries sped up ${TIME_SCALE}x)
  Receiver         ${receiver.url}/hooks/<name>  (verifies each delivery with constructEvent)
  Worker           ${worker.url}/  (examples/cloudflare-worker in workerd; verifies with verifyRequest)

  Seeded ${seeded.length + 1} endpoints (one on the Worker) and 3 calls. Receivers for new endpoints: ${receiver.url}/hooks/anything
  (${receiver.url}/hooks/flaky/… fails every first attempt). Play more calls from the Deliveries screen.

  Ctrl-C to stop.
`);
    await new Promise((resolve) => {
      process.once('SIGINT', resolve);
      process.once('SIGTERM', resolve);
    });
    console.log('\nstopping…');
    await stopAll();
  } catch (error) {
    await stopAll();
    throw error;
  }
}

/** A few endpoints on the local receiver; their secrets go to the receiver. */
async function seed(client, receiver) {
  const specs = [
    { path: '/hooks/orders', description: 'Orders service', enabled_events: ['*'] },
    { path: '/hooks/analytics', description: 'Analytics: finished calls', enabled_events: ['call.completed', 'call.failed', 'call.no_answer', 'call.busy', 'call.canceled'] },
    { path: '/hooks/flaky/crm', description: 'CRM sync (flaky)', enabled_events: ['call.answered', 'call.completed'] },
    { path: '/hooks/archive', description: 'Archive (paused)', enabled_events: ['call.completed'], disable: true },
  ];
  const endpoints = [];
  for (const spec of specs) {
    const created = await client.webhookEndpoints.create({
      url: `${receiver.url}${spec.path}`,
      description: spec.description,
      enabled_events: spec.enabled_events,
    });
    // The proxy's onSigningSecret already told the receiver; this is for endpoints made elsewhere.
    receiver.setSecret(created);
    if (spec.disable) await client.webhookEndpoints.update(created.id, { status: 'disabled' });
    endpoints.push({ ...created, flaky: spec.path.includes('/flaky/'), disabled: Boolean(spec.disable) });
  }
  return endpoints;
}

/** One endpoint on the Worker; it gets the secret (workerd restarts with it) before any event is fired. */
async function seedWorker(client, worker) {
  const created = await client.webhookEndpoints.create({
    url: `${worker.url}/`,
    description: WORKER_DESCRIPTION,
    enabled_events: ['*'],
  });
  if (!(await worker.setSecret(created))) throw new Error(`the Worker did not take the secret of ${created.url}`);
  return created;
}

async function playCall(emulatorUrl, outcome) {
  const response = await fetch(`${emulatorUrl}/_emulator/calls`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ outcome }),
  });
  if (!response.ok) throw new Error(`emulator refused to play a ${outcome} call: ${response.status} ${await response.text()}`);
  return response.json();
}

/** Polls until no delivery of `ids` is pending. */
async function waitDelivered(client, ids, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const list = await client.webhookDeliveries.list({ limit: 200 });
    const mine = list.filter((d) => ids.includes(d.id));
    if (mine.length === ids.length && mine.every((d) => d.status !== 'pending')) return mine;
    if (Date.now() > deadline) {
      const pending = mine.filter((d) => d.status === 'pending').length;
      throw new Error(`${pending} of ${ids.length} deliveries still pending after ${timeoutMs} ms`);
    }
    await sleep(100);
  }
}

/** DEMO_ONCE: the scripted flow; returns { steps, failures }. */
async function scripted({ client, receiver, emulator, dashboard, seeded, worker, workerEndpoint }) {
  const steps = [];
  const failures = [];
  const check = (ok, text) => {
    steps.push(`${ok ? 'ok  ' : 'FAIL'} ${text}`);
    if (!ok) failures.push(text);
    return ok;
  };
  const attempt = async (text, fn) => {
    try {
      return await fn();
    } catch (error) {
      check(false, `${text}: ${error.message}`);
      return undefined;
    }
  };

  check(seeded.length === 4, `seeded ${seeded.length} endpoints through the proxy (one disabled)`);
  check(Boolean(workerEndpoint?.id), `seeded "${WORKER_DESCRIPTION}" at ${worker.url}/ and gave the Worker its secret`);

  // The dashboard is served, with the portal element, the package's browser entry and its wasm.
  await attempt('dashboard files are served', async () => {
    const page = await fetch(`${dashboard.url}/`);
    const portal = await fetch(`${dashboard.url}/pkg/portal/index.js`);
    const entry = await fetch(`${dashboard.url}/pkg/browser.js`);
    const wasm = await fetch(`${dashboard.url}/pkg/callingbox_webhooks_bg.wasm`);
    check(page.ok && portal.ok && entry.ok && wasm.headers.get('content-type') === 'application/wasm',
      `dashboard serves index.html, pkg/portal/index.js, pkg/browser.js and the wasm (${wasm.headers.get('content-type')})`);
  });

  // Fire events: two whole calls.
  const calls = [await playCall(emulator.url, 'completed'), await playCall(emulator.url, 'no_answer')];
  const allIds = calls.flatMap((c) => c.deliveries.map((d) => d.id));
  const workerIds = calls.flatMap((c) => c.deliveries).filter((d) => d.endpoint_id === workerEndpoint.id).map((d) => d.id);
  const ids = allIds.filter((id) => !workerIds.includes(id)); // the Node receiver's
  const byEndpoint = (id) => calls.flatMap((c) => c.deliveries).filter((d) => d.endpoint_id === id).length;
  const [orders, analytics, crm, archive] = seeded;
  check(byEndpoint(orders.id) === 7, `a completed and a no-answer call queued ${byEndpoint(orders.id)} events for "Orders service" (all events; 7 expected)`);
  check(byEndpoint(analytics.id) === 2, `"Analytics" got ${byEndpoint(analytics.id)} terminal events (2 expected)`);
  check(byEndpoint(crm.id) === 2, `"CRM sync" got ${byEndpoint(crm.id)} events (answered + completed)`);
  check(byEndpoint(archive.id) === 0, '"Archive" is disabled and got no events');
  check(workerIds.length === 7, `"${WORKER_DESCRIPTION}" got ${workerIds.length} events (all events; 7 expected)`);

  const everything = await attempt('wait until delivered', () => waitDelivered(client, allIds));
  const delivered = everything?.filter((d) => ids.includes(d.id));
  if (delivered) {
    const ok = delivered.filter((d) => d.status === 'delivered').length;
    check(ok === ids.length, `${ok} of ${ids.length} deliveries to the Node receiver delivered`);
    const retried = delivered.filter((d) => d.endpoint_id === crm.id);
    check(retried.every((d) => d.attempt_count === 2 && d.last_response_status === 200),
      `the flaky receiver's deliveries were retried and then delivered (attempts: ${retried.map((d) => d.attempt_count).join(', ')})`);
  }

  // Each delivery was verified by the receiver with constructEvent.
  const eventIds = new Set(ids);
  await attempt('receiver verdicts', () => receiver.waitFor((v) => ids.every((id) => v.some((x) => x.eventId === id && x.status === 200)), 5000));
  const verdicts = receiver.verdicts.filter((v) => eventIds.has(v.eventId));
  const rejected = verdicts.filter((v) => !v.ok);
  check(rejected.length === 0 && verdicts.length >= ids.length,
    `receiver verified ${verdicts.filter((v) => v.ok).length} requests with constructEvent, rejected ${rejected.length}`);

  // The Worker in workerd verified each of its deliveries with verifyRequest and answered 200.
  const toWorker = everything?.filter((d) => workerIds.includes(d.id)) ?? [];
  const accepted = toWorker.filter((d) => d.status === 'delivered' && d.last_response_status === 200);
  check(toWorker.length > 0 && accepted.length === workerIds.length,
    `the Worker (workerd) accepted ${accepted.length} of ${workerIds.length} deliveries: delivered, last_response_status 200`);
  const processed = worker.processed();
  check(workerIds.every((id) => processed.filter((p) => p === id).length === 1),
    `the Worker processed each of those events once (${workerIds.filter((id) => processed.includes(id)).length} "processed" log lines)`);
  // A copy with a tampered body (the original signature) is refused.
  await attempt('tampered copy to the Worker', async () => {
    const id = workerIds[0];
    const original = await fetch(`${emulator.url}/_emulator/deliveries/${id}`).then((r) => r.json());
    const tampered = original.body.replace(/"type":"[^"]+"/, '"type":"call.tampered"');
    const sent = await fetch(`${emulator.url}/_emulator/deliveries/${id}/send`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ body: tampered === original.body ? `${original.body} ` : tampered }),
    }).then((r) => r.json());
    const code = (() => { try { return JSON.parse(sent.body).error; } catch { return sent.body; } })();
    check(sent.status === 400 && code === 'no_matching_signature',
      `the Worker answered a tampered copy with ${sent.status} ${code}`);
  });

  // Rotate: the receiver learns the new secret through the proxy; the old one stops verifying.
  const rotated = await attempt('rotate', () => client.webhookEndpoints.rotateSecret(orders.id));
  if (rotated) {
    check(rotated.signing_secret?.startsWith('whsec_') && rotated.signing_secret !== orders.signing_secret, 'rotated the signing secret of "Orders service"');
    const event = await fetch(`${emulator.url}/_emulator/events`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ type: 'call.completed' }),
    }).then((r) => r.json());
    const id = event.deliveries.find((d) => d.endpoint_id === orders.id)?.id;
    const after = id && await attempt('wait after rotation', () => waitDelivered(client, [id]));
    check(after?.[0]?.status === 'delivered', 'an event sent after the rotation was delivered');
    const seen = receiver.verdicts.find((v) => v.eventId === id && v.ok);
    if (check(Boolean(seen), 'the receiver verified that event with the new secret')) {
      let code = null;
      try {
        constructEvent(seen.raw, seen.signature, orders.signing_secret);
      } catch (error) {
        code = error instanceof WebhookVerificationError ? error.code : error.message;
      }
      check(code === 'no_matching_signature', `the old secret no longer verifies (${code ?? 'it still did'})`);
    }
  }

  // Rotating the Worker's secret through the proxy hands the new one to the Worker (workerd restarts with new,old).
  const workerRotated = await attempt('rotate the Worker\'s secret', () => client.webhookEndpoints.rotateSecret(workerEndpoint.id));
  if (workerRotated) {
    const event = await fetch(`${emulator.url}/_emulator/events`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ type: 'call.completed' }),
    }).then((r) => r.json());
    const id = event.deliveries.find((d) => d.endpoint_id === workerEndpoint.id)?.id;
    const after = id && await attempt('wait after the Worker\'s rotation', () => waitDelivered(client, [id]));
    check(after?.[0]?.status === 'delivered' && after[0].last_response_status === 200,
      `after rotating its secret, the Worker accepted the next event (attempts: ${after?.[0]?.attempt_count})`);
  }

  // The proxy never hands the key to the page.
  await attempt('proxy leaks', async () => {
    const info = await fetch(`${dashboard.url}/api/info`).then((r) => r.text());
    const list = await fetch(`${dashboard.url}${API_PREFIX}/v1/webhook_endpoints`).then((r) => r.text());
    check(!info.includes('sk_') && !list.includes('sk_'), 'no sk_ key in anything the proxy answers');
  });

  const finalList = await client.webhookEndpoints.list();
  const ordersNow = finalList.find((e) => e.id === orders.id);
  check(ordersNow?.consecutive_failures === 0 && ordersNow.status === 'enabled', '"Orders service" is enabled with 0 consecutive failures');

  return { steps, failures, deliveries: allIds.length, verified: verdicts.filter((v) => v.ok).length, workerAccepted: accepted.length };
}

function printReport(report, ms) {
  console.log(`${bold('CallingBox webhooks demo (DEMO_ONCE)')}`);
  for (const step of report.steps) console.log(`  ${step}`);
  const verdict = report.failures.length === 0 ? 'PASSED' : `FAILED (${report.failures.length})`;
  console.log(`demo ${verdict}: ${report.steps.length - report.failures.length}/${report.steps.length} checks, ${report.deliveries} deliveries, ${report.verified} verified by the receiver, ${report.workerAccepted} accepted by the Worker, ${(ms / 1000).toFixed(1)} s`);
}

main().catch((error) => {
  if (error?.code === 'EADDRINUSE' || error?.code === 'ERR_ADDRESS_IN_USE') {
    const where = error.port ?? /:(\d+)\)/.exec(error.message)?.[1] ?? '?'; // Miniflare names it in the message
    console.error(`demo failed: port ${where} is already in use. Stop what uses it, or pick other ports: DEMO_PORT, EMULATOR_PORT, RECEIVER_PORT, WORKER_PORT (0 = any free port).`);
    process.exit(1);
  }
  console.error(`demo failed: ${error?.code === 'DEMO_SETUP' ? error.message : error.stack ?? error}`);
  process.exit(1);
});
