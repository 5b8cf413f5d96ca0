// One worker thread = one instance of each entry (callingbox-webhooks and
// callingbox-webhooks/verify), kept for as many kinds as it stays healthy.
// Messages: { kindId } in; { kindId, ms, sites, health } out.
import { parentPort, workerData } from 'node:worker_threads';
import { pathToFileURL } from 'node:url';
import { join } from 'node:path';
import { API_KEY, NOW, describe } from './common.mjs';
import { KINDS } from './kinds.mjs';
import { runKind } from './runner.mjs';
import { healthOf, reentryProbe } from './health.mjs';
import { BASE_URL, clientSites, createRecorder } from './sites-client.mjs';
import { VALID_HEADER, validRequest, verifySites } from './sites-verify.mjs';

// Exceptions are what this corpus throws by the hundred thousand; their stack
// traces are two thirds of the cost and none is read.
Error.stackTraceLimit = 0;

const { fixtureDir, emulator, canned } = workerData;

// Errors nobody can catch: thrown from a callback the package scheduled (a
// FinalizationRegistry cleanup calling into a broken instance, a task of its
// async machinery). Each is reported with the kind that was running.
const escapes = [];
process.on('uncaughtException', (error) => escapes.push(`uncaught, asynchronously: ${describe(error)}`));
process.on('unhandledRejection', (error) => escapes.push(`unhandled rejection: ${describe(error)}`));
const realFetch = globalThis.fetch;
// A client built without fetchImpl uses the global fetch: let it reach only the recorder.
const recorder = createRecorder(canned);
globalThis.fetch = recorder.fetch;
delete process.env.CALLINGBOX_API_KEY;
delete process.env.CALLINGBOX_BASE_URL;

const { full, verify } = await import(pathToFileURL(join(fixtureDir, 'entry.mjs')).href);

function environment(pkg, ownObject) {
  const probe = reentryProbe(pkg);
  return { reenter: probe.reenter, drainReentry: probe.drain, ownObject, request: validRequest, counter: 0, validHeader: VALID_HEADER, now: NOW };
}

const entries = [
  {
    name: 'full',
    pkg: full,
    env: environment(full, () => new full.CallingBox({ apiKey: API_KEY, baseUrl: BASE_URL, fetchImpl: recorder.fetch })),
    recorder,
    sites: [...verifySites(full, 'full'), ...clientSites(full, recorder, emulator.ids)],
  },
  { name: 'verify', pkg: verify, env: environment(verify, () => verify.Webhooks), recorder, sites: verifySites(verify, 'verify') },
];
const emulatorAccess = { ...emulator, fetch: realFetch };

/**
 * How many more exceptions thrown through verifySignature (a Uint8Array
 * whose length getter throws: one shadow-stack leak each before issue 15's
 * fix) an entry's instance survives before a valid call fails; capped.
 * Compared with a fresh instance's count it measures what a run leaked.
 */
function leakHeadroom(pkg, cap = 20_000) {
  class Throwing extends Uint8Array { get length() { throw new Error('probe'); } }
  const probe = new Throwing(4);
  for (let i = 0; i < cap; i++) {
    try { pkg.verifySignature(probe, VALID_HEADER, 'whsec_probe', { now: NOW }); } catch { /* expected */ }
    try {
      if (!/^t=\d+,v1=[0-9a-f]{64}$/.test(pkg.signPayload('probe', 'whsec_probe', { timestamp: NOW }))) return i;
    } catch {
      return i;
    }
  }
  return cap;
}

parentPort.on('message', async ({ kindId, only, probe }) => {
  const kind = KINDS.find((k) => k.id === kindId);
  const started = performance.now();
  const chosen = only ? entries.map((e) => ({ ...e, sites: e.sites.filter((site) => site.id === only) })) : entries;
  const sites = kind ? await runKind(kind, chosen, (site) => parentPort.postMessage({ progress: site })) : [];
  const health = [];
  for (const { name, pkg } of entries) health.push(...(await healthOf(name, pkg, emulatorAccess)));
  // Let pending cleanups run, so their escapes are charged to this kind.
  await new Promise((resolve) => setImmediate(resolve));
  health.push(...escapes.splice(0));
  // The headroom of the instance the site ran in (both entries' when no site was given).
  const probed = (name) => (only ? only.startsWith('verify ') === (name === 'verify') : true);
  const headroom = probe && health.length === 0
    ? Object.fromEntries(entries.filter((e) => probed(e.name)).map((e) => [e.name, leakHeadroom(e.pkg)]))
    : undefined;
  parentPort.postMessage({ kindId, ms: Math.round(performance.now() - started), sites, health, headroom });
});
parentPort.postMessage({ ready: true });
