// Rollup 4 with @rollup/plugin-node-resolve (`browser: true`), the usual
// browser setup, and nothing else: no wasm plugin, no copy step. Rollup
// leaves `new URL('./x.wasm', import.meta.url)` as written and emits no
// .wasm, so the browser entries must carry their wasm inlined.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { runFixturePage } from '../support/chromium.mjs';
import { installTarball } from '../support/tarball.mjs';
import { toolsOf } from '../support/tools.mjs';
import { assertNoWasmFetched, assertQuietConsole, serveToChromium, assertWasmInlined, indexHtml } from './browser-support.mjs';
import { checkBoth, fixtureFiles } from './expect.mjs';

let project;
let chromium;
let output;
const warnings = [];

before(async () => {
  project = await installTarball('rollup', { packageJson: { type: 'module' }, files: await fixtureFiles('browser-app.mjs') });
  const tools = toolsOf('tests/packaging');
  const { rollup } = await tools.importTool('rollup');
  const { nodeResolve } = await tools.importTool('@rollup/plugin-node-resolve');
  const bundle = await rollup({
    input: join(project.dir, 'browser-app.mjs'),
    plugins: [nodeResolve({ browser: true, rootDir: project.dir })],
    onwarn: (warning) => warnings.push(warning.message),
  });
  const dist = join(project.dir, 'dist');
  ({ output } = await bundle.write({ dir: dist, format: 'es' }));
  await bundle.close();
  writeFileSync(join(dist, 'index.html'), indexHtml({ script: `./${output[0].fileName}` }));
  chromium = await serveToChromium(dist);
});

after(async () => {
  await chromium?.close();
  project?.remove();
});

test('Rollup bundles the browser entries with their wasm inlined, without a warning', () => {
  assert.deepEqual(warnings, []);
  const modules = Object.keys(output[0].modules).filter((m) => m.includes('node_modules/callingbox-webhooks/')).map((m) => m.replace(/.*callingbox-webhooks\//, '')).sort();
  assert.ok(modules.includes('browser.js') && modules.includes('verify-browser.js'), `bundled ${modules.join(', ')}`);
  assert.deepEqual(output.filter((o) => o.fileName.endsWith('.wasm')), [], 'a .wasm was emitted');
  assertWasmInlined(output[0].code);
});

test('the Rollup bundle runs in Chromium and verifies signatures it signed, fetching no .wasm', async () => {
  const { result, responses, console: messages } = await runFixturePage(chromium.browser, `${chromium.url}index.html`);
  checkBoth(result, 'Chromium (Rollup)');
  assertNoWasmFetched(responses);
  assertQuietConsole(messages);
});
