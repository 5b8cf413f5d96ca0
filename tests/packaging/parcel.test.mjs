// Parcel 2 with its default configuration: package "exports" support off, so
// it resolves `callingbox-webhooks` through the legacy "browser" field and
// `callingbox-webhooks/verify` through the verify/ folder's package.json.
// Before both existed, the verify entry did not resolve and the main one
// fell back to node.cjs (Parcel then installed a `url` polyfill into the
// project). Built with `parcel build`, served statically, run in Chromium.
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { runFixturePage } from '../support/chromium.mjs';
import { run } from '../support/exec.mjs';
import { installTarball } from '../support/tarball.mjs';
import { toolsOf } from '../support/tools.mjs';
import { assertNoWasmFetched, assertQuietConsole, serveToChromium, indexHtml } from './browser-support.mjs';
import { checkBoth, fixtureFiles } from './expect.mjs';

let project;
let chromium;
let build;
let manifestBefore;
const dist = () => join(project.dir, 'dist');

before(async () => {
  const files = await fixtureFiles('browser-app-nowait.mjs');
  files['index.html'] = indexHtml({ script: './browser-app-nowait.mjs' });
  project = await installTarball('parcel', { packageJson: { type: 'module' }, files });
  manifestBefore = readFileSync(join(project.dir, 'package.json'), 'utf8');
  build = await run(toolsOf('tests/packaging').bin('parcel'), ['build', 'index.html', '--no-cache', '--no-source-maps', '--no-autoinstall', '--dist-dir', 'dist', '--public-url', './'], {
    cwd: project.dir,
    timeoutMs: 180_000,
  });
  chromium = await serveToChromium(dist());
});

after(async () => {
  await chromium?.close();
  project?.remove();
});

test('Parcel builds the app with its default configuration, installs nothing and emits no .wasm', () => {
  assert.doesNotMatch(build.stdout + build.stderr, /warn|error/i, `parcel printed:\n${build.stdout}\n${build.stderr}`);
  assert.equal(readFileSync(join(project.dir, 'package.json'), 'utf8'), manifestBefore, 'Parcel changed the project\'s package.json');
  assert.deepEqual(readdirSync(dist()).filter((f) => f.endsWith('.wasm')), []);
  const js = readdirSync(dist()).filter((f) => f.endsWith('.js')).map((f) => readFileSync(join(dist(), f), 'utf8')).join('\n');
  assert.doesNotMatch(js, /readFileSync|pathToFileURL/, 'the Node entry was bundled');
});

test('the Parcel build runs in Chromium and verifies signatures it signed', async () => {
  const { result, responses, console: messages } = await runFixturePage(chromium.browser, `${chromium.url}index.html`);
  checkBoth(result, 'Chromium (Parcel default)');
  assertNoWasmFetched(responses);
  assertQuietConsole(messages);
});
