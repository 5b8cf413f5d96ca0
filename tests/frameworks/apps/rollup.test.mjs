// Rollup 4 + @rollup/plugin-node-resolve (browser: true), the app's
// rollup.config.js run by `rollup -c` on Node 24: no wasm plugin and no copy
// step, and the page works in Chromium.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { assertPageVerdicts, useChromium } from '../lib/browser.mjs';
import { assertNoWasmNoise } from '../lib/build-log.mjs';
import { addBrowserApp, useBuiltSite } from '../lib/site.mjs';
import { useFixture } from '../lib/suite.mjs';

const installed = useFixture(import.meta.url, 'rollup', { prepare: addBrowserApp });
const chromium = useChromium();

describe('Rollup 4 with node-resolve for the browser (Node 24)', () => {
  const site = useBuiltSite(installed, { root: 'public' });

  it('rollup -c bundles the page with no warning', () => {
    assert.match(site.log, /created public\/app\.js/, site.log);
    assert.doesNotMatch(site.log, /\(!\)/, site.log);
    assertNoWasmNoise(site.log, 'the Rollup log');
    assert.ok(existsSync(join(installed.dir, 'public/app.js')));
  });

  it('the page verifies a signed, a tampered and an unsigned delivery in Chromium: 200/400/400', async () => {
    await assertPageVerdicts(chromium.browser, `${site.url}index.html`, installed.signPayload);
  });
});
