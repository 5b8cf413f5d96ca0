// Parcel 2 with its default configuration (package exports off, so it
// reads the legacy "browser" field and verify/package.json), `parcel build`
// on Node 24, the page in Chromium.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { assertPageVerdicts, useChromium } from '../lib/browser.mjs';
import { assertNoWasmNoise } from '../lib/build-log.mjs';
import { addBrowserApp, useBuiltSite } from '../lib/site.mjs';
import { useFixture } from '../lib/suite.mjs';

const installed = useFixture(import.meta.url, 'parcel', { prepare: addBrowserApp });
const chromium = useChromium();
const committed = readFileSync(new URL('./parcel/package.json', import.meta.url), 'utf8');

describe('Parcel 2, default configuration (Node 24)', () => {
  const site = useBuiltSite(installed, { root: 'dist' });

  it('parcel build succeeds with no warning and installs nothing into the app (no Node polyfill)', () => {
    assert.match(site.log, /Built in/, site.log);
    assert.doesNotMatch(site.log, /⚠|warn/i, site.log);
    assertNoWasmNoise(site.log, 'the Parcel log');
    assert.equal(readFileSync(join(installed.dir, 'package.json'), 'utf8'), committed, 'Parcel changed the app’s package.json');
  });

  it('the page verifies a signed, a tampered and an unsigned delivery in Chromium: 200/400/400', async () => {
    await assertPageVerdicts(chromium.browser, `${site.url}index.html`, installed.signPayload);
  });
});
