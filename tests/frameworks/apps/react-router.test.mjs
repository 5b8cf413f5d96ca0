// React Router 8 in framework mode: `react-router build` of the app, then
// `react-router-serve` on Node 24 (React Router 8 needs 22.22 or later), with
// two resource routes whose actions receive deliveries: verifyRequest, and
// the router.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { assertNoWasmNoise } from '../lib/build-log.mjs';
import { runScript } from '../lib/site.mjs';
import { itReceives, useFixture, useServer } from '../lib/suite.mjs';

const build = {};
const installed = useFixture(import.meta.url, 'react-router', { prepare: async (dir) => (build.log = await runScript({ dir }, 'build')) });
const committed = readFileSync(new URL('./react-router/package.json', import.meta.url), 'utf8');

describe('React Router 8, built and served by react-router-serve on Node 24', () => {
  const app = useServer(installed, {
    major: 24,
    command: (dir) => join(dir, 'node_modules/.bin/react-router-serve'),
    args: ['./build/server/index.js'],
    env: { HOST: '127.0.0.1' },
    ready: /\[react-router-serve\] http/,
  });

  it('react-router build finishes with no wasm-related warning and installs nothing into the app', () => {
    assert.match(build.log, /building ssr environment/, build.log);
    assertNoWasmNoise(build.log, 'the React Router build log');
    assert.equal(readFileSync(join(installed.dir, 'package.json'), 'utf8'), committed, 'the build changed the app’s package.json');
  });

  itReceives('a resource route whose action calls verifyRequest answers 200/400/400', installed, app, '/webhooks/callingbox');
  itReceives('a resource route whose action is the router’s handle answers 200/400/400 and a repeat as a duplicate', installed, app, '/webhooks/router', { router: true });

  it('the server printed no wasm-related warning while it answered', () => {
    assertNoWasmNoise(app.server.output(), 'the server output');
  });
});
