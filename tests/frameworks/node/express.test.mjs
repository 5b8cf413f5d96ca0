// Express 5, installed from the fixture's lock file with the packed tarball,
// served for real on Node 24 and Node 20.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { callCompletedEvent, deliver, SECRET, waitFor } from '../lib/deliveries.mjs';
import { itReceives, useFixture, useServer } from '../lib/suite.mjs';
import { assertTypeChecks } from '../lib/typecheck.mjs';

const installed = useFixture(import.meta.url, 'express');

for (const major of [24, 20]) {
  describe(`Express 5 on Node ${major}`, () => {
    const app = useServer(installed, { major, args: ['server.mjs'] });

    itReceives('verifyWebhook answers a signed delivery 200 after the route ran, a tampered or unsigned one 400', installed, app, '/webhooks/callingbox');

    itReceives('the router behind createNodeMiddleware answers 200/400/400 and a repeated delivery as a duplicate', installed, app, '/router/callingbox', { router: true });

    it('the JSON route mounted after the webhook routes still gets parsed JSON', async () => {
      const echoed = await deliver(`${app.server.url}/api/echo`, JSON.stringify({ order: 1042 }));
      assert.deepEqual(echoed, { status: 200, body: { order: 1042 } });
    });

    it('a body over the 1 MiB limit is answered 413 and the connection closed', async () => {
      const response = await fetch(`${app.server.url}/webhooks/callingbox`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'callingbox-signature': 't=1,v1=00' },
        body: 'x'.repeat(1024 * 1024 + 1),
      });
      assert.equal(response.status, 413);
      assert.equal(response.headers.get('connection'), 'close');
      assert.deepEqual(await response.json(), { error: 'payload_too_large' });
    });
  });
}

describe('Express 5 with express.json() before the webhook routes (Node 24)', () => {
  const app = useServer(installed, { major: 24, args: ['json-first.mjs'] });

  itReceives('express.json({ verify: keepRawBody }) keeps the raw body, so verifyWebhook answers 200/400/400', installed, app, '/webhooks/callingbox');

  it('a plain express.json() before verifyWebhook gives 400 payload_not_raw and a warning that says how to fix it', async () => {
    const { server } = app;
    const event = callCompletedEvent();
    const body = JSON.stringify(event);
    const answer = await deliver(`${server.url}/plain-json-first/webhooks/callingbox`, body, { signature: installed.signPayload(body, SECRET) });
    assert.deepEqual(answer, { status: 400, body: { error: 'payload_not_raw' } });
    await waitFor(() => server.output().includes('before app.use(express.json())'), `no warning:\n${server.output()}`);
    assert.match(server.output(), /keepRawBody/);
    assert.ok(!server.output().includes(event.id), 'the route ran for an unverified event');
  });
});

it('the Express fixture type-checks with tsc --strict against @types/express and the package’s declarations', async () => {
  await assertTypeChecks(installed.dir, ['server.mjs', 'json-first.mjs']);
});
