// After each kind: does the instance still do its job? Valid calls of every
// verification export (node:crypto agrees), and for the full entry a real
// HTTP round trip to the emulator through the client.
import { API_KEY, BODY_BYTES, BODY_STRING, NOW, SECRET, describe } from './common.mjs';
import { VALID_HEADER, validRequest } from './sites-verify.mjs';

/** Valid calls made from inside getters (re-entrancy); failures are collected, not thrown. */
export function reentryProbe(pkg) {
  const failures = [];
  return {
    reenter() {
      try {
        if (pkg.verifySignature(BODY_BYTES, VALID_HEADER, SECRET, { now: NOW }) !== true) failures.push('verifySignature was not true');
        if (pkg.signPayload(BODY_STRING, SECRET, { timestamp: NOW }) !== VALID_HEADER) failures.push('signPayload signed other bytes');
        if (pkg.constructEvent(BODY_STRING, VALID_HEADER, SECRET, { now: NOW }).id !== 'evt_hostile_0001') failures.push('constructEvent returned another event');
      } catch (error) {
        failures.push(`threw ${describe(error)}`);
      }
    },
    drain() {
      return failures.splice(0);
    },
  };
}

async function check(failures, what, run) {
  try {
    const problem = await run();
    if (problem) failures.push(`${what}: ${problem}`);
  } catch (error) {
    failures.push(`${what} threw ${describe(error)}`);
  }
}

/** Resolves a list of failures (empty when healthy) for one entry. */
export async function healthOf(name, pkg, emulator) {
  const failures = [];
  await check(failures, `${name} verifySignature(bytes)`, () => (pkg.verifySignature(BODY_BYTES, VALID_HEADER, SECRET, { now: NOW }) === true ? '' : 'not true'));
  await check(failures, `${name} verifySignature(string)`, () => (pkg.verifySignature(BODY_STRING, VALID_HEADER, SECRET, { now: NOW }) === true ? '' : 'not true'));
  await check(failures, `${name} signPayload`, () => (pkg.signPayload(BODY_BYTES, SECRET, { timestamp: NOW }) === VALID_HEADER ? '' : 'differs from node:crypto'));
  await check(failures, `${name} constructEvent`, () => (pkg.constructEvent(BODY_BYTES, VALID_HEADER, SECRET, { now: NOW }).id === 'evt_hostile_0001' ? '' : 'wrong event'));
  await check(failures, `${name} Webhooks.constructEvent`, () => (pkg.Webhooks.constructEvent(BODY_STRING, VALID_HEADER, SECRET, { now: NOW }).id === 'evt_hostile_0001' ? '' : 'wrong event'));
  await check(failures, `${name} verifyRequest`, async () => ((await pkg.verifyRequest(validRequest(), SECRET, { now: NOW })).id === 'evt_hostile_0001' ? '' : 'wrong event'));
  if (pkg.CallingBox && emulator) {
    await check(failures, `${name} client over HTTP`, async () => {
      const client = new pkg.CallingBox({ apiKey: API_KEY, baseUrl: emulator.url, fetchImpl: emulator.fetch, maxRetries: 2 });
      const endpoint = await client.webhookEndpoints.retrieve(emulator.endpointId);
      return endpoint.id === emulator.endpointId ? '' : 'retrieved another endpoint';
    });
  }
  return failures;
}
