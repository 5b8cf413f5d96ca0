// Hono on Node (@hono/node-server), installed from the fixture's lock file
// with the packed tarball, served for real on Node 24.
import { describe } from 'node:test';
import { itReceives, useFixture, useServer } from '../lib/suite.mjs';

const installed = useFixture(import.meta.url, 'hono-node');

describe('Hono 4 on Node 24 (@hono/node-server)', () => {
  const app = useServer(installed, { major: 24, args: ['server.mjs'] });

  itReceives('verifyRequest(c.req.raw) answers a signed delivery 200 after the handler ran, a tampered or unsigned one 400', installed, app, '/webhooks/callingbox');

  itReceives('webhooks.handle(c.req.raw) answers 200/400/400 and a repeated delivery as a duplicate', installed, app, '/router/callingbox', { router: true });
});
