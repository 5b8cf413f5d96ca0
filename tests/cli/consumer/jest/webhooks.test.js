// A user's Jest file (CommonJS): the Node webhook server against signed
// deliveries and against the in-process emulator from callingbox-webhooks/testing.
const { createSignedDelivery, fixtures, startEmulator } = require('callingbox-webhooks/testing');
const { startWebhookServer } = require('../app/webhooks.cjs');

const SECRET = 'whsec_fedcba9876543210fedcba9876543210';
let secret = SECRET;
let app;

beforeAll(async () => {
  app = await startWebhookServer({ secret: () => secret });
});

afterAll(() => app.close());

const post = ({ url, method, headers, body }) => fetch(url, { method, headers, body });

test('require() gets the CommonJS build of the testing entry', () => {
  expect(require.resolve('callingbox-webhooks/testing')).toMatch(/callingbox-webhooks\/testing\/index\.cjs$/);
});

test('a signed call.no_answer POSTed to the server is accepted', async () => {
  const response = await post(createSignedDelivery(fixtures['call.no_answer'], SECRET, { url: app.url }));
  expect(response.status).toBe(200);
  expect(app.processed.map((e) => e.type)).toContain('call.no_answer');
});

test('a delivery signed with another secret is refused with no_matching_signature', async () => {
  const response = await post(createSignedDelivery(fixtures['call.canceled'], 'whsec_not_the_right_one', { url: app.url }));
  expect(response.status).toBe(400);
  expect(await response.json()).toEqual({ error: 'no_matching_signature' });
});

describe('behind the emulator', () => {
  let emulator;

  beforeAll(async () => {
    emulator = await startEmulator();
    secret = (await emulator.createEndpoint(app.url, { enabled_events: ['*'] })).signing_secret;
  });

  afterAll(() => emulator.close());

  test('a whole completed call arrives as four verified events sharing one call id', async () => {
    const deliveries = await emulator.triggerCall('completed');
    expect(deliveries.map((d) => d.event_type)).toEqual(['call.queued', 'call.ringing', 'call.answered', 'call.completed']);
    for (const { id } of deliveries) {
      const done = await emulator.waitForDelivery((d) => d.id === id && d.status !== 'pending');
      expect(done.status).toBe('delivered');
    }
    const callIds = new Set(deliveries.map((d) => d.event.data.call.id));
    expect(callIds.size).toBe(1);
    expect(app.processed.filter((e) => callIds.has(e.data.call.id))).toHaveLength(4);
  });

  test('waitForDelivery says what it saw when nothing matches in time', async () => {
    await expect(emulator.waitForDelivery(() => false, { timeoutMs: 200 })).rejects.toThrow(/no delivery matched within 200 ms[\s\S]*call\.completed .* delivered/);
  });
});
