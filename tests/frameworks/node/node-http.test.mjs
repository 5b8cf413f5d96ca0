// Node's http server with no framework, installed from the fixture's lock
// file with the packed tarball, served for real on Node 24 and Node 20.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { deliver } from '../lib/deliveries.mjs';
import { itReceives, useFixture, useServer } from '../lib/suite.mjs';

const installed = useFixture(import.meta.url, 'node-http');

for (const major of [24, 20]) {
  describe(`Node ${major} http server`, () => {
    const app = useServer(installed, { major, args: ['server.mjs'] });

    itReceives('verifyNodeRequest answers a signed delivery 200 after the handler ran, a tampered or unsigned one 400', installed, app, '/webhooks/callingbox');

    itReceives('the router behind createNodeMiddleware answers 200/400/400 and a repeated delivery as a duplicate', installed, app, '/router/callingbox', { router: true });

    it('the router middleware answers 404 off its path and 405 to a GET on it', async () => {
      assert.equal((await fetch(`${app.server.url}/elsewhere`, { method: 'POST', body: '{}' })).status, 404);
      const get = await fetch(`${app.server.url}/router/callingbox`);
      assert.equal(get.status, 405);
      assert.equal(get.headers.get('allow'), 'POST');
    });

    it('a body over the 1 MiB limit is answered 413 by verifyNodeRequest', async () => {
      const answer = await deliver(`${app.server.url}/webhooks/callingbox`, 'x'.repeat(1024 * 1024 + 1), { signature: 't=1,v1=00' });
      assert.deepEqual(answer, { status: 413, body: { error: 'payload_too_large' } });
    });
  });
}
