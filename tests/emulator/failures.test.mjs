// Endpoint failure rules: consecutive_failures counts exhausted deliveries,
// 10 disable the endpoint, re-enabling zeroes the counter, and what
// disabling, deleting and redelivering do to deliveries.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  RFC3339_Z, always, skippedAsTooSlow, createEndpoint, emit, getDelivery, getEndpoint, sleep, startEmulator, startReceiver,
  waitFor, waitForDeliveryStatus,
} from './support.mjs';

// At this scale a whole 8-attempt schedule takes ~0.35 s.
const FAST = ['--allow-http-localhost', '--time-scale', '360000'];

let emu;
let receiver;
before(async () => {
  [emu, receiver] = await Promise.all([startEmulator(FAST), startReceiver()]);
});
after(async () => {
  await emu.stop();
  await receiver.close();
});

async function exhaust(events) {
  const deliveries = [];
  for (let i = 0; i < events; i += 1) deliveries.push(...(await emit(emu, 'call.completed')));
  await Promise.all(deliveries.map((d) => waitForDeliveryStatus(emu, d.id, 'exhausted')));
  return deliveries;
}

test('consecutive_failures counts exhausted deliveries and a 2xx delivery resets it', async (t) => {
  let status = 500;
  const route = receiver.route(() => ({ status }));
  const endpoint = await createEndpoint(emu, route.url);
  const exhausted = await exhaust(2);
  if (await skippedAsTooSlow(t, emu, ...exhausted.map((d) => d.id))) return;
  assert.equal(route.requests.length, 16, 'two exhausted deliveries, 8 attempts each');
  assert.equal((await getEndpoint(emu, endpoint.id)).consecutive_failures, 2);

  status = 200;
  const [{ id }] = await emit(emu, 'call.completed');
  await waitForDeliveryStatus(emu, id, 'delivered');
  assert.equal((await getEndpoint(emu, endpoint.id)).consecutive_failures, 0);
  await emu.api('DELETE', `/v1/webhook_endpoints/${endpoint.id}`);
});

test('ten consecutive exhausted deliveries disable the endpoint with too_many_failures, nine do not', async () => {
  const route = receiver.route(always(500));
  const endpoint = await createEndpoint(emu, route.url);
  await exhaust(9);
  const nine = await getEndpoint(emu, endpoint.id);
  assert.equal(nine.consecutive_failures, 9);
  assert.equal(nine.status, 'enabled');

  await exhaust(1);
  const ten = await getEndpoint(emu, endpoint.id);
  assert.equal(ten.consecutive_failures, 10);
  assert.equal(ten.status, 'disabled');
  assert.equal(ten.disabled_reason, 'too_many_failures');
  assert.match(ten.disabled_at, RFC3339_Z);

  // A disabled endpoint receives no new deliveries.
  assert.deepEqual(await emit(emu, 'call.completed'), []);

  // Re-enabling zeroes the counter and clears the reason and time.
  const res = await emu.api('PATCH', `/v1/webhook_endpoints/${endpoint.id}`, { body: { status: 'enabled' } });
  assert.equal(res.json.status, 'enabled');
  assert.equal(res.json.consecutive_failures, 0);
  assert.equal(res.json.disabled_reason, null);
  assert.equal(res.json.disabled_at, null);
  await emu.api('DELETE', `/v1/webhook_endpoints/${endpoint.id}`);
});

test('PATCH status enabled on an endpoint that is already enabled also zeroes the counter', async () => {
  const route = receiver.route(always(500));
  const endpoint = await createEndpoint(emu, route.url);
  await exhaust(1);
  assert.equal((await getEndpoint(emu, endpoint.id)).consecutive_failures, 1);
  const res = await emu.api('PATCH', `/v1/webhook_endpoints/${endpoint.id}`, { body: { status: 'enabled' } });
  assert.equal(res.json.consecutive_failures, 0);
  await emu.api('DELETE', `/v1/webhook_endpoints/${endpoint.id}`);
});

test('a redelivered delivery that fails again runs all 8 attempts again and counts toward the 10 again', async (t) => {
  const route = receiver.route(always(503));
  const endpoint = await createEndpoint(emu, route.url);
  const [{ id }] = await exhaust(1);
  assert.equal((await getEndpoint(emu, endpoint.id)).consecutive_failures, 1);

  await emu.api('POST', `/v1/webhook_deliveries/${id}/redeliver`);
  const again = await waitForDeliveryStatus(emu, id, 'exhausted');
  if (await skippedAsTooSlow(t, emu, id)) return;
  assert.equal(again.attempt_count, 8);
  assert.equal(again.manual_retry_count, 1);
  assert.equal(route.requests.length, 16);
  assert.equal((await getEndpoint(emu, endpoint.id)).consecutive_failures, 2);
  await emu.api('DELETE', `/v1/webhook_endpoints/${endpoint.id}`);
});

test('disabling an endpoint pauses its pending deliveries until it is enabled again', async (t) => {
  let endpoint;
  // The receiver disables the endpoint during the first attempt, then fails it.
  const route = receiver.route(async (_req, i) => {
    if (i > 0) return { status: 200 };
    await emu.api('PATCH', `/v1/webhook_endpoints/${endpoint.id}`, { body: { status: 'disabled' } });
    return { status: 500 };
  });
  endpoint = await createEndpoint(emu, route.url);
  const [{ id }] = await emit(emu, 'call.completed');
  await waitFor(async () => (await getDelivery(emu, id)).attempt_count >= 1);
  await sleep(200); // attempt 2 was due ~0.2 ms after attempt 1; it must not come while disabled
  if (await skippedAsTooSlow(t, emu, id)) return;
  assert.equal(route.requests.length, 1);
  assert.equal((await getDelivery(emu, id)).status, 'pending');

  await emu.api('PATCH', `/v1/webhook_endpoints/${endpoint.id}`, { body: { status: 'enabled' } });
  const delivered = await waitForDeliveryStatus(emu, id, 'delivered');
  assert.equal(delivered.attempt_count, 2);
  await emu.api('DELETE', `/v1/webhook_endpoints/${endpoint.id}`);
});

test('redelivering to a disabled endpoint leaves the delivery pending until re-enabled', async (t) => {
  const route = receiver.route();
  const endpoint = await createEndpoint(emu, route.url);
  const [{ id }] = await emit(emu, 'call.completed');
  await waitForDeliveryStatus(emu, id, 'delivered');
  await emu.api('PATCH', `/v1/webhook_endpoints/${endpoint.id}`, { body: { status: 'disabled' } });
  const res = await emu.api('POST', `/v1/webhook_deliveries/${id}/redeliver`);
  assert.equal(res.json.status, 'pending');
  await sleep(100);
  assert.equal(route.requests.length, 1);
  await emu.api('PATCH', `/v1/webhook_endpoints/${endpoint.id}`, { body: { status: 'enabled' } });
  await waitForDeliveryStatus(emu, id, 'delivered');
  if (await skippedAsTooSlow(t, emu, id)) return;
  assert.equal(route.requests.length, 2);
  await emu.api('DELETE', `/v1/webhook_endpoints/${endpoint.id}`);
});

test('deleting an endpoint ends its pending deliveries as exhausted and they cannot be redelivered', async (t) => {
  let endpoint;
  const route = receiver.route(async (_req, i) => {
    if (i === 0) await emu.api('DELETE', `/v1/webhook_endpoints/${endpoint.id}`);
    return { status: 500 };
  });
  endpoint = await createEndpoint(emu, route.url);
  const [{ id }] = await emit(emu, 'call.completed');
  const delivery = await waitForDeliveryStatus(emu, id, 'exhausted');
  if (await skippedAsTooSlow(t, emu, id)) return;
  assert.equal(delivery.last_error, 'endpoint deleted');
  assert.equal(delivery.endpoint_id, endpoint.id);
  await sleep(100);
  assert.equal(route.requests.length, 1, 'no attempts after the delete');

  const res = await emu.api('POST', `/v1/webhook_deliveries/${id}/redeliver`);
  assert.equal(res.status, 409);
  assert.match(res.json.error, /deleted/);
});

test('re-enabling an endpoint while an attempt is in flight does not start a second attempt', async (t) => {
  let endpoint;
  const route = receiver.route(async (_req, i) => {
    if (i === 0) {
      const patch = (status) => emu.api('PATCH', `/v1/webhook_endpoints/${endpoint.id}`, { body: { status } });
      await patch('disabled');
      await patch('enabled');
      await sleep(100); // a duplicate attempt would arrive meanwhile
    }
    return { status: 200 };
  });
  endpoint = await createEndpoint(emu, route.url);
  const [{ id }] = await emit(emu, 'call.completed');
  const delivered = await waitForDeliveryStatus(emu, id, 'delivered');
  if (await skippedAsTooSlow(t, emu, id)) return;
  assert.equal(delivered.attempt_count, 1);
  assert.equal(route.requests.length, 1);
  await emu.api('DELETE', `/v1/webhook_endpoints/${endpoint.id}`);
});
