// webpack 5, with no configuration beyond entry and output, from the packed
// tarball:
// - for the browser (target web, es5 output: the setting that made webpack
//   warn about the old entries' top-level await), run in Chromium;
// - for Node (target node, as Next.js bundles server code), run from a copy
//   of the output in another folder, as a deployed bundle runs. webpack
//   rewrites `new URL('./x.wasm', import.meta.url)` into an object that `fs`
//   refuses, so webpack must get the portable entry (the `webpack`
//   condition), whose wasm is inlined.
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { runFixturePage } from '../support/chromium.mjs';
import { run } from '../support/exec.mjs';
import { installTarball } from '../support/tarball.mjs';
import { toolsOf } from '../support/tools.mjs';
import { assertNoWasmFetched, assertQuietConsole, serveToChromium, indexHtml } from './browser-support.mjs';
import { checkBoth, fixtureFiles, parseResult } from './expect.mjs';

let project;
let chromium;
const stats = {};
const elsewhere = mkdtempSync(join(tmpdir(), 'callingbox-webpack-deployed-'));

function compile(webpack, config) {
  return new Promise((resolve, reject) => {
    // performance hints off: this app bundles both flavours' wasm (282 KiB raw), over
    // webpack's 244 KiB advice; one entry alone is under it.
    webpack({ mode: 'production', devtool: false, context: project.dir, performance: { hints: false }, ...config }, (err, result) => {
      if (err) reject(err);
      else resolve(result.toJson({ all: false, errors: true, warnings: true, modules: true, nestedModules: true, assets: true }));
    });
  });
}

/** The package files a compilation bundled, relative to the package (concatenated modules included). */
function packageFiles(json) {
  const flatten = (modules = []) => modules.flatMap((m) => [m, ...flatten(m.modules)]);
  return flatten(json.modules)
    .map((m) => m.name ?? '')
    .filter((name) => name.includes('node_modules/callingbox-webhooks/'))
    .map((name) => name.replace(/.*node_modules\/callingbox-webhooks\//, ''))
    .sort();
}

before(async () => {
  project = await installTarball('webpack', { packageJson: { type: 'module' }, files: await fixtureFiles('browser-app-nowait.mjs', 'bundled-node-app.mjs') });
  const webpack = (await toolsOf('tests/packaging').importTool('webpack')).default;
  stats.web = await compile(webpack, {
    entry: './browser-app-nowait.mjs',
    target: ['web', 'es5'],
    output: { path: join(project.dir, 'dist-web'), filename: 'app.js' },
  });
  stats.node = await compile(webpack, {
    entry: './bundled-node-app.mjs',
    target: 'node',
    output: { path: join(project.dir, 'dist-node'), filename: 'server.cjs' },
  });
  writeFileSync(join(project.dir, 'dist-web', 'index.html'), indexHtml({ script: './app.js' }).replace('type="module" ', ''));
  cpSync(join(project.dir, 'dist-node'), elsewhere, { recursive: true });
  chromium = await serveToChromium(join(project.dir, 'dist-web'));
});

after(async () => {
  await chromium?.close();
  project?.remove();
  rmSync(elsewhere, { recursive: true, force: true });
});

test('webpack builds the browser app with no error and no warning (no top-level await, no .wasm asset)', () => {
  assert.deepEqual(stats.web.errors, []);
  assert.deepEqual(stats.web.warnings.map((w) => w.message), []);
  assert.deepEqual(stats.web.assets.map((a) => a.name).filter((n) => n.endsWith('.wasm')), []);
  assert.deepEqual(packageFiles(stats.web).filter((f) => /\.js$/.test(f) && !f.startsWith('callingbox_webhooks')), ['browser.js', 'errors.js', 'verify-browser.js']);
});

test('the webpack browser bundle runs in Chromium and verifies signatures it signed', async () => {
  const { result, responses, console: messages } = await runFixturePage(chromium.browser, `${chromium.url}index.html`);
  checkBoth(result, 'Chromium (webpack)');
  assertNoWasmFetched(responses);
  assertQuietConsole(messages);
});

test('webpack builds for Node with the portable entries (the webpack condition), no fs read of a .wasm', () => {
  assert.deepEqual(stats.node.errors, []);
  assert.deepEqual(stats.node.warnings.map((w) => w.message), []);
  const files = packageFiles(stats.node);
  assert.ok(files.includes('browser.js') && files.includes('verify-browser.js'), `bundled ${files.join(', ')}`);
  assert.ok(!files.some((f) => /^(verify-)?node\.c?js$/.test(f)), `bundled a Node entry: ${files.join(', ')}`);
  assert.doesNotMatch(readFileSync(join(elsewhere, 'server.cjs'), 'utf8'), /\.wasm["']/, 'the bundle still names a .wasm file');
});

test('the webpack Node bundle runs from another folder (as deployed) and verifies signatures it signed', async () => {
  const { stdout, stderr } = await run(process.execPath, ['server.cjs'], { cwd: elsewhere });
  checkBoth(parseResult(stdout, 'node server.cjs'), 'Node (webpack bundle)');
  assert.equal(stderr, '');
});
