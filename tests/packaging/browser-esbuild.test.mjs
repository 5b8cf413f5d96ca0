// Chromium, esbuild bundle: the app is bundled for the browser (esbuild's
// default conditions "browser", "import", "default") and served statically.
//
// esbuild keeps `new URL('./x_bg.wasm', import.meta.url)` as written and does
// not copy the file, so the .wasm must sit next to the bundle: this fixture
// copies it there, as the package README has to tell esbuild users to do.
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { launchChromium, runFixturePage } from '../support/chromium.mjs';
import { serveStatic } from '../support/static-server.mjs';
import { installTarball } from '../support/tarball.mjs';
import { importTool } from '../support/tools.mjs';
import { assertQuietConsole, assertWasmServed, indexHtml } from './browser-support.mjs';
import { checkBoth, fixtureFiles } from './expect.mjs';

let project;
let server;
let browser;
let bundle;
let dist;

before(async () => {
  project = await installTarball('browser-esbuild', { packageJson: { type: 'module' }, files: await fixtureFiles('browser-app.mjs') });
  const esbuild = await importTool('esbuild');
  dist = join(project.dir, 'dist');
  mkdirSync(dist);
  bundle = await esbuild.build({
    absWorkingDir: project.dir,
    entryPoints: ['browser-app.mjs'],
    outfile: join(dist, 'app.js'),
    bundle: true,
    format: 'esm', // the browser entry uses top-level await
    platform: 'browser',
    target: 'es2022',
    minify: true,
    metafile: true,
    logLevel: 'silent',
  });
  for (const file of readdirSync(project.packageDir).filter((f) => f.endsWith('.wasm'))) {
    copyFileSync(join(project.packageDir, file), join(dist, file));
  }
  writeFileSync(join(dist, 'index.html'), indexHtml({ script: './app.js' }));
  server = await serveStatic(dist);
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await server?.close();
  project?.remove();
});

test('an esbuild bundle for the browser picks the browser entries and runs without Node built-ins', () => {
  const files = Object.keys(bundle.metafile.inputs)
    .filter((p) => p.includes('node_modules/callingbox-webhooks/'))
    .map((p) => p.replace(/.*node_modules\/callingbox-webhooks\//, ''));
  assert.ok(files.includes('browser.js') && files.includes('verify-browser.js'), `bundled ${files.join(', ')}`);
  assert.ok(!files.some((f) => /^(verify-)?(node|workerd)\.c?js$/.test(f)), `bundled ${files.join(', ')}`);
  const code = readFileSync(join(dist, 'app.js'), 'utf8');
  assert.doesNotMatch(code, /["']node:/, 'the browser bundle imports a node: module');
  assert.match(code, /callingbox_webhooks_bg\.wasm/);
  assert.match(code, /callingbox_webhooks_verify_bg\.wasm/);
});

test('an esbuild bundle runs in Chromium and verifies signatures it signed', async () => {
  const { result, responses, console: messages } = await runFixturePage(browser, `${server.url}index.html`);
  checkBoth(result, 'Chromium (esbuild)');
  assertWasmServed(responses);
  assertQuietConsole(messages);
});
