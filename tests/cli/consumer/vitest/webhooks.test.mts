// A user's Vitest file: the webhook handler against signed fixtures and
// against the in-process emulator from callingbox-webhooks/testing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CallingBox } from 'callingbox-webhooks';
import {
  EVENT_TYPES, createSignedDelivery, createSignedRequest, fixtures, startEmulator, type TestEmulator,
} from 'callingbox-webhooks/testing';
import { handleWebhook, processed, serve } from '../app/webhooks.mjs';

const SECRET = 'whsec_0123456789abcdef0123456789abcdef';

describe('the handler with signed fixtures', () => {
  it('accepts a signed call.completed and reads the call result', async () => {
    const response = await handleWebhook(createSignedRequest(fixtures['call.completed'], SECRET), SECRET);
    expect(response.status).toBe(200);
    const event = processed.find((e) => e.id === fixtures['call.completed'].id);
    expect(event?.data.call.result).toEqual({ confirmed: true, needs_parking: false });
    expect(event?.data.call.status).toBe('completed');
  });

  it('refuses a body changed after signing with no_matching_signature', async () => {
    const { url, headers, body } = createSignedDelivery(fixtures['call.failed'], SECRET);
    const response = await handleWebhook(new Request(url, { method: 'POST', headers, body: body.replace('failed', 'completed') }), SECRET);
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: 'no_matching_signature' });
  });

  it('refuses a signature made an hour ago with timestamp_out_of_tolerance', async () => {
    const request = createSignedRequest(fixtures['call.busy'], SECRET, { timestamp: Math.floor(Date.now() / 1000) - 3600 });
    const response = await handleWebhook(request, SECRET);
    expect(await response.json()).toEqual({ error: 'timestamp_out_of_tolerance' });
  });

  it('has a fixture of every event type, each with the full call object', () => {
    expect(Object.keys(fixtures).sort()).toEqual([...EVENT_TYPES].sort());
    for (const type of EVENT_TYPES) {
      expect(fixtures[type].type).toBe(type);
      expect(Object.keys(fixtures[type].data.call)).toHaveLength(28);
    }
  });
});

describe('the handler behind the emulator', () => {
  let emulator: TestEmulator;
  let app: { url: string; close: () => Promise<void> };
  let secret = '';
  let failNext = 0;

  beforeAll(async () => {
    // 3600: the first retry comes after about 17 ms instead of a minute.
    emulator = await startEmulator({ timeScale: 3600 });
    app = await serve(async (request) => {
      if (failNext > 0) {
        failNext -= 1;
        return new Response('database unavailable', { status: 503 });
      }
      return handleWebhook(request, secret);
    });
    secret = (await emulator.createEndpoint(app.url)).signing_secret;
  });

  afterAll(async () => {
    await emulator?.close();
    await app?.close();
  });

  it('receives every event type signed, verified and delivered', async () => {
    for (const type of EVENT_TYPES) {
      const [delivery] = await emulator.trigger(type);
      const done = await emulator.waitForDelivery((d) => d.id === delivery.id && d.status !== 'pending');
      expect(done.status).toBe('delivered');
      expect(processed.some((e) => e.id === delivery.id && e.type === type)).toBe(true);
    }
  });

  it('gets a failed attempt again and processes the event once', async () => {
    failNext = 1;
    const [delivery] = await emulator.trigger('call.completed', { call: { metadata: { language: 'fr-FR' } } });
    const done = await emulator.waitForDelivery((d) => d.id === delivery.id && d.status === 'delivered');
    expect(done.attempts.map((a) => a.response_status)).toEqual([503, 200]);
    expect(processed.filter((e) => e.id === delivery.id)).toHaveLength(1);
    expect(done.event.data.call.metadata).toEqual({ language: 'fr-FR' });
  });

  it('lets the package client read what the emulator delivered', async () => {
    const client = new CallingBox({ apiKey: emulator.apiKey, baseUrl: emulator.baseUrl });
    const delivered = await client.webhookDeliveries.list({ status: 'delivered' });
    expect(delivered.map((d) => d.id).sort()).toEqual(emulator.deliveries().filter((d) => d.status === 'delivered').map((d) => d.id).sort());
  });
});
