// What every receiver fixture is exercised with: deliveries as CallingBox
// sends them (JSON body, CallingBox-Signature made by the package's own
// signPayload, the event headers), signed, tampered and unsigned.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';

export const SECRET = 'whsec_fixture_secret_for_framework_tests';

/** A call.completed event shaped as CallingBox sends it, with fresh ids. */
export function callCompletedEvent() {
  const now = Math.floor(Date.now() / 1000);
  const at = new Date(now * 1000).toISOString();
  return {
    id: randomUUID(),
    type: 'call.completed',
    created: now,
    api_version: '2026-04',
    data: {
      call: {
        id: randomUUID(),
        to_number: '+15555550123',
        from_number: '+15555550100',
        status: 'completed',
        direction: 'outbound',
        prompt: 'Confirm the delivery window for order 1042.',
        context: { order: 1042 },
        returns: { confirmed: 'boolean' },
        result: { confirmed: true },
        result_status: 'succeeded',
        result_error: null,
        webhook_url: null,
        tools: null,
        webhook_status: 'pending',
        webhook_error: null,
        created_at: at,
        started_at: at,
        answered_at: at,
        ended_at: at,
        duration_seconds: 42,
        billed_duration_seconds: 60,
        billing_amount_milli_cents: 1200,
        reservation_status: 'released',
        error_code: null,
        error_message: null,
        hangup_cause: 'normal_clearing',
        metadata: { language: 'en' },
        updated_at: at,
      },
    },
  };
}

/** POSTs `body` to `url` as a delivery; resolves { status, body (parsed JSON, or the text) }. */
export async function deliver(url, body, { signature, eventId, type = 'call.completed' } = {}) {
  const headers = { 'content-type': 'application/json', 'callingbox-event-type': type, 'user-agent': 'CallingBox-Webhooks/1.0' };
  if (signature !== undefined) headers['callingbox-signature'] = signature;
  if (eventId !== undefined) headers['callingbox-event-id'] = eventId;
  const response = await fetch(url, { method: 'POST', headers, body });
  const text = await response.text();
  let parsed = text;
  try {
    parsed = JSON.parse(text);
  } catch {}
  return { status: response.status, body: parsed };
}

/**
 * Sends a signed, a tampered (another body under the same signature) and
 * an unsigned delivery to `url`, and checks what a user would: 200, 400
 * `no_matching_signature`, 400 `missing_header`; the app's handler logged the
 * signed event's id, and never the ids of the other two. With `router`, the
 * signed delivery is sent again and must be answered as a duplicate without
 * running the handler a second time.
 *
 * `signPayload` is the installed package's; `output()` returns what the app
 * printed so far.
 */
export async function exerciseReceiver({ url, signPayload, output, secret = SECRET, router = false }) {
  const event = callCompletedEvent();
  const body = JSON.stringify(event);
  const signature = signPayload(body, secret);

  const signed = await deliver(url, body, { signature, eventId: event.id });
  assert.equal(signed.status, 200, `signed delivery to ${url}: ${JSON.stringify(signed.body)}\n${output()}`);
  assert.equal(signed.body.received, true);

  const tamperedEvent = { ...event, id: randomUUID() };
  const tampered = await deliver(url, JSON.stringify(tamperedEvent), { signature, eventId: event.id });
  assert.deepEqual(tampered, { status: 400, body: { error: 'no_matching_signature' } }, `tampered delivery to ${url}`);

  const unsignedEvent = { ...event, id: randomUUID() };
  const unsigned = await deliver(url, JSON.stringify(unsignedEvent), { eventId: unsignedEvent.id });
  assert.deepEqual(unsigned, { status: 400, body: { error: 'missing_header' } }, `unsigned delivery to ${url}`);

  await waitFor(() => output().includes(event.id), `the app never logged the signed event ${event.id}:\n${output()}`);
  assert.ok(!output().includes(tamperedEvent.id), 'the handler ran for the tampered delivery');
  assert.ok(!output().includes(unsignedEvent.id), 'the handler ran for the unsigned delivery');

  if (router) {
    const again = await deliver(url, body, { signature, eventId: event.id });
    assert.deepEqual(again, { status: 200, body: { received: true, duplicate: true } }, `the same delivery again to ${url}`);
    await new Promise((r) => setTimeout(r, 100));
    assert.equal(output().split(event.id).length - 1, 1, `the router ran the handler twice for ${event.id}:\n${output()}`);
  }
  return { event, statuses: [signed.status, tampered.status, unsigned.status] };
}

/** Polls `condition` every 25 ms for up to `timeoutMs`; fails with `message`. */
export async function waitFor(condition, message, timeoutMs = 5_000) {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > timeoutMs) assert.fail(message);
    await new Promise((r) => setTimeout(r, 25));
  }
}
