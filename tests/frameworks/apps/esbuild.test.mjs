// esbuild for the browser in a `"type": "commonjs"` project, with the
// app's own build scripts on Node 24: an ESM bundle of a page that imports
// the package, and the default IIFE bundle of a page that require()s it.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assertPageVerdicts, useChromium } from '../lib/browser.mjs';
import { assertNoWasmNoise } from '../lib/build-log.mjs';
import { addBrowserApp, useBuiltSite } from '../lib/site.mjs';
import { useFixture } from '../lib/suite.mjs';

const installed = useFixture(import.meta.url, 'esbuild', { prepare: addBrowserApp });
const chromium = useChromium();

describe('esbuild for the browser in a CommonJS project (Node 24)', () => {
  const site = useBuiltSite(installed, { root: 'public' });

  it('esbuild bundles both pages with no warning and no error', () => {
    assert.match(site.log, /public\/app\.js/, site.log);
    assert.match(site.log, /public\/app-commonjs\.js/, site.log);
    assert.doesNotMatch(site.log, /\[WARNING\]|\[ERROR\]/, site.log);
    assertNoWasmNoise(site.log, 'the esbuild log');
  });

  it('the ESM bundle of a page that imports the package verifies in Chromium: 200/400/400', async () => {
    await assertPageVerdicts(chromium.browser, `${site.url}index.html`, installed.signPayload);
  });

  it('the IIFE bundle of a page that require()s the package (the browser file, not node.cjs) verifies in Chromium: 200/400/400', async () => {
    await assertPageVerdicts(chromium.browser, `${site.url}commonjs.html`, installed.signPayload);
  });
});
