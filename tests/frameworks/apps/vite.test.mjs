// Vite: `vite build` of the app (no vite.config at all) and `vite preview`
// serving the result on Node 24, the page in Chromium.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { assertPageVerdicts, useChromium } from '../lib/browser.mjs';
import { assertNoWasmNoise } from '../lib/build-log.mjs';
import { addBrowserApp, runScript } from '../lib/site.mjs';
import { useFixture, useServer } from '../lib/suite.mjs';

const build = {};
const installed = useFixture(import.meta.url, 'vite', {
  prepare: async (dir) => {
    addBrowserApp(dir);
    build.log = await runScript({ dir }, 'build');
  },
});
const chromium = useChromium();

describe('Vite build and preview (Node 24)', () => {
  const app = useServer(installed, {
    major: 24,
    command: (dir) => join(dir, 'node_modules/.bin/vite'),
    args: ['preview', '--host', '127.0.0.1', '--port', '{port}', '--strictPort'],
    ready: /Local:/,
  });

  it('vite build succeeds with no warning and emits no .wasm', () => {
    assert.match(build.log, /built in/, build.log);
    assert.doesNotMatch(build.log, /warn|\(!\)/i, build.log);
    assertNoWasmNoise(build.log, 'the Vite build log');
  });

  it('the page served by vite preview verifies a signed, a tampered and an unsigned delivery in Chromium: 200/400/400', async () => {
    await assertPageVerdicts(chromium.browser, `${app.server.url}/`, installed.signPayload);
  });
});
