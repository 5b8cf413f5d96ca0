// webpack 5 for the browser: the app's webpack.config.js (nothing in it about
// wasm) run by webpack-cli on Node 24 and on Node 20, the page in Chromium.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assertPageVerdicts, useChromium } from '../lib/browser.mjs';
import { assertNoWasmNoise } from '../lib/build-log.mjs';
import { addBrowserApp, useBuiltSite } from '../lib/site.mjs';
import { useFixture } from '../lib/suite.mjs';

const installed = useFixture(import.meta.url, 'webpack', { prepare: addBrowserApp });
const chromium = useChromium();

for (const major of [24, 20]) {
  describe(`webpack 5 for the browser, built on Node ${major}`, () => {
    const site = useBuiltSite(installed, { major, root: 'public' });

    it('webpack compiles with no warning (no top-level await, no asyncWebAssembly, no size hint) and emits no .wasm', () => {
      assert.match(site.log, /compiled successfully/, site.log);
      assert.doesNotMatch(site.log, /WARNING|ERROR/, site.log);
      assert.doesNotMatch(site.log, /\.wasm/, site.log);
      assertNoWasmNoise(site.log, 'the webpack log');
    });

    it('the page verifies a signed, a tampered and an unsigned delivery in Chromium: 200/400/400', async () => {
      await assertPageVerdicts(chromium.browser, `${site.url}index.html`, installed.signPayload);
    });
  });
}
