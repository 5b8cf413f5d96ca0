// Chromium, no bundler: a page imports the package's browser entries through
// an import map, served over http from the installed project. The import map
// is computed from the installed package.json's exports map with the
// conditions a browser uses ("browser", "import", "default"): no bundler,
// so the page itself proves the entries need no asset handling.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { launchChromium, runFixturePage } from '../support/chromium.mjs';
import { serveStatic } from '../support/static-server.mjs';
import { installTarball, installedManifest, resolveExport } from '../support/tarball.mjs';
import { assertNoWasmFetched, assertQuietConsole, indexHtml } from './browser-support.mjs';
import { checkBoth, fixtureFiles } from './expect.mjs';

const BROWSER_CONDITIONS = ['browser', 'import'];

let project;
let server;
let browser;
let importMap;

before(async () => {
  project = await installTarball('browser-importmap', { packageJson: { type: 'module' }, files: await fixtureFiles('browser-app.mjs') });
  const manifest = installedManifest(project);
  const target = (subpath) => `/node_modules/callingbox-webhooks/${resolveExport(manifest, subpath, BROWSER_CONDITIONS).replace(/^\.\//, '')}`;
  importMap = { imports: { 'callingbox-webhooks': target('.'), 'callingbox-webhooks/verify': target('./verify') } };
  writeFileSync(
    join(project.dir, 'index.html'),
    indexHtml({ head: `<script type="importmap">${JSON.stringify(importMap)}</script>`, script: './browser-app.mjs' }),
  );
  server = await serveStatic(project.dir);
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await server?.close();
  project?.remove();
});

test('a page in Chromium imports the browser entries through an import map and verifies signatures it signed', async () => {
  assert.deepEqual(importMap.imports, {
    'callingbox-webhooks': '/node_modules/callingbox-webhooks/browser.js',
    'callingbox-webhooks/verify': '/node_modules/callingbox-webhooks/verify-browser.js',
  });
  const { result, responses, console: messages } = await runFixturePage(browser, `${server.url}index.html`);
  checkBoth(result, 'Chromium (import map)');
  assertNoWasmFetched(responses);
  // The inlined wasm is a module of its own per flavour, fetched as JavaScript.
  for (const name of ['callingbox_webhooks_bg.wasm.js', 'callingbox_webhooks_verify_bg.wasm.js']) {
    const hit = responses.find((r) => r.url.endsWith(`/${name}`));
    assert.ok(hit?.status === 200 && /javascript/.test(hit.contentType), `${name} was not served as JavaScript`);
  }
  assertQuietConsole(messages);
});
