// Chromium, esbuild bundles: the app is bundled for the browser (esbuild's
// default conditions "browser", "import", "default") with no configuration
// and no copy step, as ESM and as an IIFE (the shape a CommonJS project or a
// `<script>` tag gets: every module wrapped in a function, so a top-level
// await anywhere would fail the build), and served statically. The browser
// entries carry their wasm inlined: nothing is fetched besides the bundle.
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { launchChromium, runFixturePage } from '../support/chromium.mjs';
import { serveStatic } from '../support/static-server.mjs';
import { installTarball } from '../support/tarball.mjs';
import { importTool } from '../support/tools.mjs';
import { assertNoWasmFetched, assertQuietConsole, assertWasmInlined, indexHtml } from './browser-support.mjs';
import { checkBoth, fixtureFiles } from './expect.mjs';

let project;
let server;
let browser;
const bundles = {};
let dist;

before(async () => {
  project = await installTarball('browser-esbuild', { packageJson: { type: 'module' }, files: await fixtureFiles('browser-app.mjs', 'browser-app-nowait.mjs') });
  const esbuild = await importTool('esbuild');
  dist = join(project.dir, 'dist');
  mkdirSync(dist);
  const build = (name, entry, options) =>
    esbuild.build({ absWorkingDir: project.dir, entryPoints: [entry], outfile: join(dist, `${name}.js`), bundle: true, platform: 'browser', minify: true, metafile: true, logLevel: 'silent', ...options });
  bundles.esm = await build('esm', 'browser-app.mjs', { format: 'esm', target: 'es2022' });
  bundles.iife = await build('iife', 'browser-app-nowait.mjs', { format: 'iife', target: 'es2020' });
  writeFileSync(join(dist, 'esm.html'), indexHtml({ script: './esm.js' }));
  writeFileSync(join(dist, 'iife.html'), indexHtml({ script: './iife.js' }).replace('type="module" ', ''));
  server = await serveStatic(dist);
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await server?.close();
  project?.remove();
});

test('an esbuild bundle for the browser picks the browser entries, inlines their wasm and imports no Node built-in', () => {
  const files = Object.keys(bundles.esm.metafile.inputs)
    .filter((p) => p.includes('node_modules/callingbox-webhooks/'))
    .map((p) => p.replace(/.*node_modules\/callingbox-webhooks\//, ''));
  assert.ok(files.includes('browser.js') && files.includes('verify-browser.js'), `bundled ${files.join(', ')}`);
  assert.ok(!files.some((f) => /^(verify-)?(node|workerd|edge-light)\.c?js$/.test(f)), `bundled ${files.join(', ')}`);
  const code = readFileSync(join(dist, 'esm.js'), 'utf8');
  assert.doesNotMatch(code, /["']node:/, 'the browser bundle imports a node: module');
  assert.doesNotMatch(code, /\.wasm["']/, 'the bundle still names a .wasm file to fetch');
  assertWasmInlined(code);
});

test('an esbuild ESM bundle runs in Chromium and verifies signatures it signed, fetching no .wasm', async () => {
  const { result, responses, console: messages } = await runFixturePage(browser, `${server.url}esm.html`);
  checkBoth(result, 'Chromium (esbuild, esm)');
  assertNoWasmFetched(responses);
  assertQuietConsole(messages);
});

test('an esbuild IIFE bundle (modules wrapped in functions, no top-level await possible) builds and runs in Chromium', async () => {
  assert.deepEqual(bundles.iife.errors, []);
  const { result, responses, console: messages } = await runFixturePage(browser, `${server.url}iife.html`);
  checkBoth(result, 'Chromium (esbuild, iife)');
  assertNoWasmFetched(responses);
  assertQuietConsole(messages);
});
