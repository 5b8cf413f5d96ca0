// Events, fan-out, the wire format of a delivery (headers, envelope,
// signature), retries, redelivery, the deliveries list, whole calls,
// inline deliveries and the out-of-band /send control route.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  EVENT_TYPES, RFC3339_Z, UUID_V4, skippedAsTooSlow, createEndpoint, emit, getDelivery, sequence, startEmulator,
  startReceiver, verifySignature, waitFor, waitForDeliveryStatus,
} from './support.mjs';

const DELIVERY_KEYS = [
  'attempt_count', 'call_id', 'created_at', 'delivered_at', 'endpoint_id', 'event_type', 'id',
  'last_error', 'last_response_status', 'manual_retry_count', 'next_attempt_at', 'org_id', 'status',
  'updated_at', 'url',
].sort();

const CALL_KEYS = [
  'id', 'to_number', 'from_number', 'status', 'direction', 'prompt', 'context', 'returns', 'result',
  'result_status', 'result_error', 'webhook_url', 'tools', 'webhook_status', 'webhook_error',
  'created_at', 'started_at', 'answered_at', 'ended_at', 'duration_seconds', 'billed_duration_seconds',
  'billing_amount_milli_cents', 'reservation_status', 'error_code', 'error_message', 'hangup_cause',
  'metadata', 'updated_at',
].sort();

let emu;
let receiver;
before(async () => {
  [emu, receiver] = await Promise.all([
    startEmulator(['--allow-http-localhost', '--time-scale', '36000']),
    startReceiver(),
  ]);
});
after(async () => {
  await emu.stop();
  await receiver.close();
});

// Each test starts from an empty emulator so fan-out counts are exact.
const reset = () => emu.control('POST', '/_emulator/reset');

describe('fan-out', () => {
  test('an event fans out to every enabled endpoint subscribed to its type and to no other', async () => {
    await reset();
    const all = await createEndpoint(emu, receiver.route().url);
    const completedOnly = await createEndpoint(emu, receiver.route().url, { enabled_events: ['call.completed'] });
    const failedOnly = await createEndpoint(emu, receiver.route().url, { enabled_events: ['call.failed'] });
    const disabled = await createEndpoint(emu, receiver.route().url);
    await emu.api('PATCH', `/v1/webhook_endpoints/${disabled.id}`, { body: { status: 'disabled' } });

    const deliveries = await emit(emu, 'call.completed');
    assert.deepEqual(deliveries.map((d) => d.endpoint_id).sort(), [all.id, completedOnly.id].sort());
    assert.equal(new Set(deliveries.map((d) => d.id)).size, 2);
    deliveries.forEach((d) => assert.match(d.id, UUID_V4));
    assert.ok(!deliveries.some((d) => d.endpoint_id === failedOnly.id));
  });

  test('an event with no subscribed endpoint answers 202 with no deliveries', async () => {
    await reset();
    await createEndpoint(emu, receiver.route().url, { enabled_events: ['call.busy'] });
    assert.deepEqual(await emit(emu, 'call.queued'), []);
  });

  test('an unknown event type answers 400', async () => {
    const res = await emu.control('POST', '/_emulator/events', { type: 'call.exploded' });
    assert.equal(res.status, 400);
    assert.match(res.json.error, /type/);
  });
});

describe('the delivery on the wire', () => {
  test('a delivery carries the documented headers and envelope, signed over the raw body', async () => {
    await reset();
    const route = receiver.route();
    const endpoint = await createEndpoint(emu, route.url);
    const [{ id }] = await emit(emu, 'call.answered', { id: 'call_abc123' });
    await waitFor(() => route.requests.length === 1, { what: 'the delivery' });
    const [request] = route.requests;

    assert.equal(request.method, 'POST');
    assert.equal(request.headers['content-type'], 'application/json');
    assert.equal(request.headers['callingbox-event-id'], id);
    assert.equal(request.headers['callingbox-event-type'], 'call.answered');
    assert.equal(request.headers['x-callingbox-event'], 'call.answered');
    assert.equal(request.headers['x-callingbox-call-id'], 'call_abc123');
    assert.match(request.headers['user-agent'], /CallingBox/);
    assert.match(request.headers['callingbox-signature'], /^t=\d+,v1=[0-9a-f]{64}$/);
    const check = verifySignature(request.headers['callingbox-signature'], request.body, endpoint.signing_secret);
    assert.ok(check.ok, check.reason);
    assert.ok(Math.abs(check.t - Date.now() / 1000) < 5);

    const envelope = JSON.parse(request.body);
    assert.deepEqual(Object.keys(envelope).sort(), ['api_version', 'created', 'data', 'id', 'type']);
    assert.equal(envelope.id, id);
    assert.equal(envelope.type, 'call.answered');
    assert.equal(envelope.api_version, '2026-04');
    assert.ok(Number.isInteger(envelope.created) && Math.abs(envelope.created - Date.now() / 1000) < 5);
    assert.equal(envelope.data.call.id, 'call_abc123');
  });

  test('the call object has every field of the SDK call type, filled as the event implies', async () => {
    await reset();
    const route = receiver.route();
    await createEndpoint(emu, route.url);
    for (const type of EVENT_TYPES) await emit(emu, type);
    await waitFor(() => route.requests.length === EVENT_TYPES.length, { what: 'eight deliveries' });
    const calls = Object.fromEntries(route.requests.map((r) => {
      const envelope = JSON.parse(r.body);
      return [envelope.type, envelope.data.call];
    }));
    for (const type of EVENT_TYPES) {
      assert.deepEqual(Object.keys(calls[type]).sort(), CALL_KEYS, type);
      assert.match(calls[type].created_at, RFC3339_Z);
      assert.equal(typeof calls[type].metadata.language, 'string');
    }
    assert.equal(calls['call.queued'].started_at, null);
    assert.match(calls['call.ringing'].started_at, RFC3339_Z);
    assert.equal(calls['call.ringing'].answered_at, null);
    assert.match(calls['call.answered'].answered_at, RFC3339_Z);
    assert.equal(calls['call.answered'].ended_at, null);
    assert.match(calls['call.completed'].ended_at, RFC3339_Z);
    assert.ok(calls['call.completed'].duration_seconds > 0);
    assert.notEqual(calls['call.completed'].result, null);
    for (const type of ['call.failed', 'call.no_answer', 'call.busy', 'call.canceled']) {
      assert.match(calls[type].ended_at, RFC3339_Z, type);
      assert.equal(calls[type].result, null, type);
      assert.equal(calls[type].answered_at, null, type);
      assert.equal(typeof calls[type].error_code, 'string', type);
    }
  });

  test('caller-given call fields override the generated ones', async () => {
    await reset();
    const route = receiver.route();
    await createEndpoint(emu, route.url);
    await emit(emu, 'call.completed', { to_number: '+15550001111', metadata: { language: 'de-DE' }, extra_field: 1 });
    await waitFor(() => route.requests.length === 1);
    const { call } = JSON.parse(route.requests[0].body).data;
    assert.equal(call.to_number, '+15550001111');
    assert.deepEqual(call.metadata, { language: 'de-DE' });
    assert.equal(call.extra_field, 1);
    assert.equal(call.status, 'completed');
  });

  test('rotating the secret while a delivery is pending makes its retries verify with the new secret only', async (t) => {
    await reset();
    let rotated;
    // The receiver rotates the secret while the first attempt is in flight, then fails it.
    const route = receiver.route(async (_req, i) => {
      if (i > 0) return { status: 200 };
      const res = await emu.api('POST', `/v1/webhook_endpoints/${endpoint.id}/rotate_secret`);
      rotated = res.json.signing_secret;
      return { status: 500 };
    });
    const endpoint = await createEndpoint(emu, route.url);
    const [{ id }] = await emit(emu, 'call.completed');
    await waitForDeliveryStatus(emu, id, 'delivered');
    if (await skippedAsTooSlow(t, emu, id)) return;
    const [first, second] = route.requests;
    const verify = (req, secret) => verifySignature(req.headers['callingbox-signature'], req.body, secret).ok;
    assert.ok(verify(first, endpoint.signing_secret));
    assert.ok(!verify(second, endpoint.signing_secret), 'the old secret must no longer verify');
    assert.ok(verify(second, rotated));
  });

  test('a delivery made before a rotation is redelivered signed with the new secret only', async () => {
    await reset();
    const route = receiver.route();
    const endpoint = await createEndpoint(emu, route.url);
    const [{ id }] = await emit(emu, 'call.completed');
    await waitForDeliveryStatus(emu, id, 'delivered');
    const rotated = (await emu.api('POST', `/v1/webhook_endpoints/${endpoint.id}/rotate_secret`)).json;
    await emu.api('POST', `/v1/webhook_deliveries/${id}/redeliver`);
    await waitForDeliveryStatus(emu, id, 'delivered');
    const [first, replay] = route.requests;
    const verify = (req, secret) => verifySignature(req.headers['callingbox-signature'], req.body, secret).ok;
    assert.ok(verify(first, endpoint.signing_secret));
    assert.equal(replay.body, first.body);
    assert.ok(!verify(replay, endpoint.signing_secret), 'the old secret must no longer verify');
    assert.ok(verify(replay, rotated.signing_secret));
  });
});

describe('retries and outcomes', () => {
  test('retries reuse the event id and send byte-identical bodies', async (t) => {
    await reset();
    const route = receiver.route(sequence([500, 503, 200]));
    await createEndpoint(emu, route.url);
    const [{ id }] = await emit(emu, 'call.completed');
    await waitForDeliveryStatus(emu, id, 'delivered');
    if (await skippedAsTooSlow(t, emu, id)) return;
    assert.equal(route.requests.length, 3);
    for (const req of route.requests) {
      assert.equal(req.headers['callingbox-event-id'], id);
      assert.equal(req.body, route.requests[0].body);
    }
  });

  test('a 2xx answer marks the delivery delivered with the documented fields', async (t) => {
    await reset();
    const route = receiver.route(sequence([500, 204]));
    const endpoint = await createEndpoint(emu, route.url);
    const [{ id }] = await emit(emu, 'call.no_answer');
    const delivery = await waitForDeliveryStatus(emu, id, 'delivered');
    if (await skippedAsTooSlow(t, emu, id)) return;
    assert.deepEqual(Object.keys(delivery).sort(), DELIVERY_KEYS);
    assert.equal(delivery.endpoint_id, endpoint.id);
    assert.equal(delivery.org_id, endpoint.org_id);
    assert.match(delivery.call_id, UUID_V4);
    assert.equal(delivery.event_type, 'call.no_answer');
    assert.equal(delivery.url, route.url);
    assert.equal(delivery.attempt_count, 2);
    assert.equal(delivery.manual_retry_count, 0);
    assert.equal(delivery.last_response_status, 204);
    assert.equal(delivery.last_error, null);
    assert.equal(delivery.next_attempt_at, null);
    assert.match(delivery.delivered_at, RFC3339_Z);
    assert.match(delivery.created_at, RFC3339_Z);
  });

  test('3xx, 4xx and 5xx answers are all failed attempts', async (t) => {
    await reset();
    const route = receiver.route(sequence([302, 404, 503, 200]));
    await createEndpoint(emu, route.url);
    const [{ id }] = await emit(emu, 'call.completed');
    const delivery = await waitForDeliveryStatus(emu, id, 'delivered');
    if (await skippedAsTooSlow(t, emu, id)) return;
    assert.equal(delivery.attempt_count, 4);
    const inspected = (await emu.control('GET', `/_emulator/deliveries/${id}`)).json;
    assert.deepEqual(inspected.attempts.map((a) => a.response_status), [302, 404, 503, 200]);
  });

  test('a failed attempt records last_error, last_response_status and next_attempt_at', async (t) => {
    await reset();
    // The receiver holds the second attempt open long enough to read the record in between.
    let release;
    const held = new Promise((resolve) => { release = resolve; });
    const route = receiver.route(async (_req, i) => {
      if (i === 0) return { status: 418 };
      await held;
      return { status: 200 };
    });
    await createEndpoint(emu, route.url);
    const [{ id }] = await emit(emu, 'call.completed');
    await waitFor(() => route.requests.length === 2);
    const delivery = await getDelivery(emu, id);
    release();
    if (await skippedAsTooSlow(t, emu, id)) return;
    assert.equal(delivery.status, 'pending');
    assert.equal(delivery.attempt_count, 1);
    assert.equal(delivery.last_response_status, 418);
    assert.match(delivery.last_error, /418/);
    assert.match(delivery.next_attempt_at, RFC3339_Z);
    await waitForDeliveryStatus(emu, id, 'delivered');
  });

  test('a connection error is a failed attempt with a null last_response_status', async () => {
    await reset();
    // Port 9 (discard) on 127.0.0.1 refuses connections.
    await createEndpoint(emu, 'http://127.0.0.1:9/hook');
    const [{ id }] = await emit(emu, 'call.completed');
    const delivery = await waitFor(async () => {
      const d = await getDelivery(emu, id);
      return d.attempt_count >= 1 && d;
    });
    assert.equal(delivery.last_response_status, null);
    assert.match(delivery.last_error, /connection/);
    await reset(); // stop its retries
  });
});

describe('redelivery', () => {
  test('redeliver answers the same delivery reset to pending and replays the same id and body', async (t) => {
    await reset();
    const route = receiver.route();
    await createEndpoint(emu, route.url);
    const [{ id }] = await emit(emu, 'call.completed');
    await waitForDeliveryStatus(emu, id, 'delivered');

    const res = await emu.api('POST', `/v1/webhook_deliveries/${id}/redeliver`);
    assert.equal(res.status, 200);
    assert.equal(res.json.id, id);
    assert.equal(res.json.status, 'pending');
    assert.equal(res.json.attempt_count, 0);
    assert.equal(res.json.manual_retry_count, 1);
    assert.equal(res.json.delivered_at, null);

    const delivered = await waitForDeliveryStatus(emu, id, 'delivered');
    if (await skippedAsTooSlow(t, emu, id)) return;
    assert.equal(delivered.attempt_count, 1);
    assert.equal(delivered.manual_retry_count, 1);
    assert.equal(route.requests.length, 2);
    assert.equal(route.requests[1].headers['callingbox-event-id'], id);
    assert.equal(route.requests[1].body, route.requests[0].body);
  });

  test('redeliver with an unknown body field answers 400', async () => {
    await reset();
    const route = receiver.route();
    await createEndpoint(emu, route.url);
    const [{ id }] = await emit(emu, 'call.completed');
    const res = await emu.api('POST', `/v1/webhook_deliveries/${id}/redeliver`, { body: { force: true } });
    assert.equal(res.status, 400);
    assert.match(res.json.error, /force/);
  });
});

describe('the deliveries list', () => {
  test('the list is newest first and filters by endpoint_id, call_id and status', async () => {
    await reset();
    const ok = await createEndpoint(emu, receiver.route().url);
    const failing = await createEndpoint(emu, receiver.route(() => ({ status: 500 })).url, { enabled_events: ['call.busy'] });
    const first = await emit(emu, 'call.completed', { id: 'call_one' });
    const second = await emit(emu, 'call.busy', { id: 'call_two' });
    await waitForDeliveryStatus(emu, first[0].id, 'delivered');

    const all = (await emu.api('GET', '/v1/webhook_deliveries')).json.data;
    assert.equal(all.length, 3);
    assert.equal(all.at(-1).id, first[0].id, 'oldest last');

    const byEndpoint = (await emu.api('GET', `/v1/webhook_deliveries?endpoint_id=${failing.id}`)).json.data;
    assert.deepEqual(byEndpoint.map((d) => d.id), [second.find((d) => d.endpoint_id === failing.id).id]);
    const byCall = (await emu.api('GET', '/v1/webhook_deliveries?call_id=call_two')).json.data;
    assert.equal(byCall.length, 2);
    assert.ok(byCall.every((d) => d.call_id === 'call_two'));
    const delivered = (await emu.api('GET', `/v1/webhook_deliveries?status=delivered&endpoint_id=${ok.id}`)).json.data;
    assert.ok(delivered.some((d) => d.id === first[0].id));
    assert.ok(delivered.every((d) => d.status === 'delivered'));
    await reset();
  });

  test('the list answers 50 deliveries by default and honours limit', async () => {
    await reset();
    await createEndpoint(emu, receiver.route().url);
    for (let i = 0; i < 55; i += 1) await emit(emu, 'call.queued');
    assert.equal((await emu.api('GET', '/v1/webhook_deliveries')).json.data.length, 50);
    assert.equal((await emu.api('GET', '/v1/webhook_deliveries?limit=3')).json.data.length, 3);
    assert.equal((await emu.api('GET', '/v1/webhook_deliveries?limit=200')).json.data.length, 55);
  });
});

describe('whole calls', () => {
  const expected = {
    completed: ['call.queued', 'call.ringing', 'call.answered', 'call.completed'],
    failed: ['call.queued', 'call.ringing', 'call.failed'],
    no_answer: ['call.queued', 'call.ringing', 'call.no_answer'],
    busy: ['call.queued', 'call.ringing', 'call.busy'],
    canceled: ['call.queued', 'call.canceled'],
  };
  for (const [outcome, types] of Object.entries(expected)) {
    test(`a ${outcome} call plays ${types.join(', ')} with exactly one terminal event`, async () => {
      await reset();
      const route = receiver.route();
      await createEndpoint(emu, route.url);
      const res = await emu.control('POST', '/_emulator/calls', { outcome });
      assert.equal(res.status, 202);
      assert.deepEqual(res.json.events.map((e) => e.type), types);
      assert.equal(res.json.deliveries.length, types.length);
      await waitFor(() => route.requests.length === types.length);
      const envelopes = route.requests.map((r) => JSON.parse(r.body));
      assert.deepEqual(envelopes.map((e) => e.type).sort(), [...types].sort());
      assert.ok(envelopes.every((e) => e.data.call.id === res.json.call_id));
      assert.ok(route.requests.every((r) => r.headers['x-callingbox-call-id'] === res.json.call_id));
      const terminal = envelopes.filter((e) => e.data.call.ended_at !== null);
      assert.equal(terminal.length, 1);
      assert.equal(terminal[0].type, types.at(-1));
    });
  }

  test('an unknown outcome answers 400 naming outcome', async () => {
    const res = await emu.control('POST', '/_emulator/calls', { outcome: 'exploded' });
    assert.equal(res.status, 400);
    assert.match(res.json.error, /outcome/);
  });
});

describe('inline deliveries', () => {
  test('a call with a webhook_url also gets an inline delivery signed with the org default secret', async () => {
    await reset();
    const route = receiver.route();
    const [delivery] = await emit(emu, 'call.completed', { webhook_url: route.url });
    assert.equal(delivery.endpoint_id, null);
    await waitForDeliveryStatus(emu, delivery.id, 'delivered');
    const org = (await emu.control('GET', '/_emulator/org')).json;
    const [req] = route.requests;
    assert.ok(verifySignature(req.headers['callingbox-signature'], req.body, org.default_signing_secret).ok);
  });
});

describe('out-of-band sends', () => {
  // The receiver verifies like an SDK would and says why it refused.
  async function setup() {
    await reset();
    let secret;
    const route = receiver.route((req) => {
      const check = verifySignature(req.headers['callingbox-signature'], req.body, secret);
      return check.ok ? { status: 200, body: 'ok' } : { status: 400, body: check.reason };
    });
    const endpoint = await createEndpoint(emu, route.url);
    secret = endpoint.signing_secret;
    const [{ id }] = await emit(emu, 'call.completed');
    const before = await waitForDeliveryStatus(emu, id, 'delivered');
    const send = (body) => emu.control('POST', `/_emulator/deliveries/${id}/send`, body);
    return { id, route, before, send };
  }

  test('/send without changes delivers a validly signed copy and leaves the record alone', async () => {
    const { id, route, before, send } = await setup();
    const received = route.requests.length;
    const res = await send({});
    assert.equal(res.status, 200);
    assert.deepEqual(res.json, { status: 200, body: 'ok' });
    assert.equal(route.requests.length, received + 1);
    assert.equal(route.requests.at(-1).headers['callingbox-event-id'], id);
    assert.deepEqual(await getDelivery(emu, id), before);
  });

  test('/send with an old timestamp is refused by a verifying receiver as stale', async () => {
    const { route, send } = await setup();
    const res = await send({ timestamp: Math.floor(Date.now() / 1000) - 3600 });
    assert.deepEqual(res.json, { status: 400, body: 'stale timestamp' });
    assert.match(route.requests.at(-1).headers['callingbox-signature'], /^t=\d+,/);
  });

  test('/send with another body sends it under the original signature (tampering)', async () => {
    const { route, send } = await setup();
    const res = await send({ body: '{"id":"tampered"}' });
    assert.deepEqual(res.json, { status: 400, body: 'no matching signature' });
    assert.equal(route.requests.at(-1).body, '{"id":"tampered"}');
    const resigned = await send({ body: '{"id":"tampered"}', resign: true });
    assert.deepEqual(resigned.json, { status: 200, body: 'ok' });
  });

  test('/send with another secret is refused by a verifying receiver', async () => {
    const { send } = await setup();
    const res = await send({ secret: 'whsec_00000000000000000000000000000000' });
    assert.deepEqual(res.json, { status: 400, body: 'no matching signature' });
  });

  test('/send with a raw signature header sends it verbatim', async () => {
    const { route, send } = await setup();
    const res = await send({ signature: 't=abc,v1' });
    assert.deepEqual(res.json, { status: 400, body: 'malformed' });
    assert.equal(route.requests.at(-1).headers['callingbox-signature'], 't=abc,v1');
  });

  test('/send with an unknown field or a wrong type answers 400', async () => {
    const { send } = await setup();
    assert.equal((await send({ timestamp: 'yesterday' })).status, 400);
    assert.equal((await send({ tamper: true })).status, 400);
  });
});
