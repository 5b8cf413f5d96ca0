// Jest's node environment: the receiver gets Fetch API requests as a server
// framework would hand them over.
const { createReceiver } = require('../src/receiver.js');
const { SECRET, deliveries } = require('./deliveries.js');

const post = ({ body, signature }) =>
  new Request('https://example.test/webhooks', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(signature ? { 'callingbox-signature': signature } : {}) },
    body,
  });

test('the receiver answers a signed delivery 200, a tampered one 400 no_matching_signature, an unsigned one 400 missing_header', async () => {
  const completed = [];
  const receive = createReceiver(SECRET, (call) => completed.push(call.id));
  const { signed, tampered, unsigned } = deliveries();

  const answers = [];
  for (const delivery of [signed, tampered, unsigned]) {
    const response = await receive(post(delivery));
    answers.push([response.status, await response.json()]);
  }
  expect(answers).toEqual([
    [200, { received: true }],
    [400, { error: 'no_matching_signature' }],
    [400, { error: 'missing_header' }],
  ]);
  expect(completed).toEqual(['call_1']);
});

test('require() in the node environment gets the Node CommonJS files', () => {
  expect(require.resolve('callingbox-webhooks')).toMatch(/callingbox-webhooks\/node\.cjs$/);
  expect(require.resolve('callingbox-webhooks/verify')).toMatch(/callingbox-webhooks\/verify-node\.cjs$/);
});
