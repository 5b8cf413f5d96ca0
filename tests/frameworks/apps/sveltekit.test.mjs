// SvelteKit 3 with adapter-node: `vite build` of the app, then its Node
// server (`node build`) on Node 24 (SvelteKit 3 needs 22.17 or later), with
// two +server.js endpoints: verifyRequest, and the router.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assertNoWasmNoise } from '../lib/build-log.mjs';
import { runScript } from '../lib/site.mjs';
import { itReceives, useFixture, useServer } from '../lib/suite.mjs';

const build = {};
// SvelteKit 3 checks the variables src/env.js declares at build time too, so
// the build runs with CALLINGBOX_WEBHOOK_SECRET set (appEnv sets it).
const installed = useFixture(import.meta.url, 'sveltekit', { prepare: async (dir) => (build.log = await runScript({ dir }, 'build')) });

describe('SvelteKit 3, adapter-node, built and served on Node 24', () => {
  const app = useServer(installed, { major: 24, args: ['build'], env: { HOST: '127.0.0.1' }, ready: /Listening on/ });

  it('vite build and adapter-node finish with no wasm-related warning', () => {
    assert.match(build.log, /Using @sveltejs\/adapter-node/, build.log);
    assertNoWasmNoise(build.log, 'the SvelteKit build log');
  });

  itReceives('a +server.js endpoint with verifyRequest answers 200/400/400', installed, app, '/webhooks/callingbox');
  itReceives('a +server.js endpoint with the router answers 200/400/400 and a repeat as a duplicate', installed, app, '/webhooks/router', { router: true });

  it('the server printed no wasm-related warning while it answered', () => {
    assertNoWasmNoise(app.server.output(), 'the server output');
  });
});
