// Fastify 5, installed from the fixture's lock file with the packed tarball,
// served for real on Node 24.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { run } from '../../support/exec.mjs';
import { deliver } from '../lib/deliveries.mjs';
import { appEnv } from '../lib/node.mjs';
import { itReceives, useFixture, useServer } from '../lib/suite.mjs';
import { assertTypeChecks } from '../lib/typecheck.mjs';

const installed = useFixture(import.meta.url, 'fastify');

describe('Fastify 5 on Node 24', () => {
  const app = useServer(installed, { major: 24, args: ['server.mjs'] });

  itReceives('the plugin with a handler answers a signed delivery 200 after the handler ran, a tampered or unsigned one 400', installed, app, '/webhooks/callingbox');

  itReceives('the plugin with the router answers 200/400/400 and a repeated delivery as a duplicate', installed, app, '/router/callingbox', { router: true });

  it('another JSON route of the same app still gets its body parsed by Fastify', async () => {
    const echoed = await deliver(`${app.server.url}/api/echo`, JSON.stringify({ order: 1042 }));
    assert.deepEqual(echoed, { status: 200, body: { order: 1042 } });
    const malformed = await deliver(`${app.server.url}/api/echo`, '{"order":');
    assert.equal(malformed.status, 400, 'Fastify’s JSON parser rejects malformed JSON on the other route');
  });

  it('a body over the 1 MiB limit is answered 413 by Fastify', async () => {
    const answer = await deliver(`${app.server.url}/webhooks/callingbox`, 'x'.repeat(1024 * 1024 + 1), { signature: 't=1,v1=00' });
    assert.equal(answer.status, 413);
  });
});

it('a CommonJS app registers the plugin with app.register(require("callingbox-webhooks/fastify"))', async () => {
  const { stdout } = await run('node', ['register-commonjs.cjs'], { cwd: installed.dir, env: appEnv(24) });
  assert.equal(stdout.trim(), '200 {"id":"evt_commonjs"}');
});

it('the Fastify fixture type-checks with tsc --strict against Fastify’s types and the package’s declarations', async () => {
  await assertTypeChecks(installed.dir, ['server.mjs', 'register-commonjs.cjs']);
});
