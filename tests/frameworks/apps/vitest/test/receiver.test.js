// Vitest's node environment: the receiver gets Fetch API requests as a
// server framework would hand them over.
import { expect, test } from 'vitest';
import { createReceiver } from '../src/receiver.js';
import { deliveries, SECRET } from './deliveries.js';

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
