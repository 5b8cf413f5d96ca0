// A user's node:test file (ESM, Node 20): the testing entry without a test framework.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { constructEvent } from 'callingbox-webhooks';
import { createEvent, createSignedDelivery, startEmulator } from 'callingbox-webhooks/testing';

test('a fresh event signed by createSignedDelivery verifies with constructEvent', () => {
  const event = createEvent('call.answered', { call: { id: 'call_123' } });
  const { headers, body } = createSignedDelivery(event, 'whsec_node_test');
  const verified = constructEvent(body, headers['CallingBox-Signature'], 'whsec_node_test');
  assert.equal(verified.id, event.id);
  assert.equal(verified.data.call.id, 'call_123');
  assert.equal(headers['X-CallingBox-Call-Id'], 'call_123');
});

test('an emulator started in the test process delivers a triggered event and closes cleanly', async () => {
  const emulator = await startEmulator();
  try {
    const received = [];
    let secret = '';
    const { createServer } = await import('node:http');
    const server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk) => (body += chunk));
      req.on('end', () => {
        received.push(constructEvent(body, req.headers['callingbox-signature'], secret));
        res.end('ok');
      });
    });
    await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
    secret = (await emulator.createEndpoint(`http://127.0.0.1:${server.address().port}/`)).signing_secret;
    const [delivery] = await emulator.trigger('call.busy');
    await emulator.waitForDelivery((d) => d.id === delivery.id && d.status === 'delivered');
    server.close();
    assert.deepEqual(received.map((e) => e.type), ['call.busy']);
  } finally {
    await emulator.close();
  }
});
