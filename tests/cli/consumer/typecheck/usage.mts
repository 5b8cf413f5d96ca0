// Type-level checks of callingbox-webhooks/testing (compiled by tsc --noEmit,
// never run): the types come from the testing entry's JSDoc. Each line
// marked as an expected error must be one.
import type { WebhookEvent } from 'callingbox-webhooks';
import { EVENT_TYPES, createEvent, createSignedDelivery, createSignedRequest, fixtures, startEmulator, type TestDelivery } from 'callingbox-webhooks/testing';

const completed = fixtures['call.completed'];
const type: 'call.completed' = completed.type;
const event: WebhookEvent = fixtures['call.busy'];
const fresh: 'call.ringing' = createEvent('call.ringing', { call: { id: 'c1' } }).type;
const request: Request = createSignedRequest(event, 'whsec_x', { timestamp: 1 });
const { headers, body }: { headers: Record<string, string>; body: string } = createSignedDelivery(event, 'whsec_x');
const types: readonly string[] = EVENT_TYPES;

async function usage() {
  const emulator = await startEmulator({ timeScale: 3600, apiKey: 'sk_test_x' });
  const url: string = emulator.baseUrl;
  const secret: string = (await emulator.createEndpoint('http://127.0.0.1:3000/', { enabled_events: ['call.completed'] })).signing_secret;
  const [delivery]: TestDelivery[] = await emulator.trigger('call.completed', { call: { metadata: { language: 'fr' } } });
  const done = await emulator.waitForDelivery((d) => d.id === delivery.id && d.status === 'delivered', { timeoutMs: 1000 });
  const status: number | null = done.attempts[0].response_status;
  await emulator.triggerCall('busy');
  await emulator.close();
  return [url, secret, status];
}

// @ts-expect-error: not an event type
fixtures['call.done'];
// @ts-expect-error: not an event type
createEvent('call.done');
async function wrong() {
  const emulator = await startEmulator();
  // @ts-expect-error: not an event type
  await emulator.trigger('call.done');
  // @ts-expect-error: not an outcome
  await emulator.triggerCall('hung_up');
  // @ts-expect-error: the predicate takes a delivery
  await emulator.waitForDelivery((d: string) => true);
  // @ts-expect-error: timeScale is a number
  await startEmulator({ timeScale: 'fast' });
}

export { type, fresh, request, headers, body, types, usage, wrong };
