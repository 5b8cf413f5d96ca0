// The client scenarios (scenarios.mjs) in workerd, through miniflare:
// worker.mjs is bundled with pkg/workerd.js the way wrangler does it (the
// .wasm stays an import of a CompiledWasm module) and calls the emulator on
// 127.0.0.1. Each scenario becomes one node:test test here.
//
//   make build && node --test tests/client/workerd.test.mjs
import { fileURLToPath } from 'node:url';
import { after, test } from 'node:test';
import { bundleWorker } from '../e2e/lib/bundle.mjs';
import { importTool } from '../support/tools.mjs';
import { spawnEmulator } from '../emulator/spawn.mjs';

// On or before 2026-04-26: the newest date this miniflare's workerd knows.
const COMPATIBILITY_DATE = '2026-04-01';

const bundle = await bundleWorker(fileURLToPath(new URL('./worker.mjs', import.meta.url)));
const emulator = await spawnEmulator(['--port', '0', '--allow-http-localhost', '--time-scale', '3600']);
const { Miniflare } = await importTool('miniflare');
const mf = new Miniflare({ modules: bundle.modules, modulesRoot: bundle.modulesRoot, compatibilityDate: COMPATIBILITY_DATE });
after(async () => {
  await mf.dispose();
  await emulator.stop();
});

let results;
try {
  const res = await mf.dispatchFetch(`http://worker.test/?emulator=${encodeURIComponent(emulator.url)}`);
  const text = await res.text();
  results = res.status === 200 ? JSON.parse(text) : { results: [{ name: 'the Worker answered', ok: false, error: text }] };
} catch (error) {
  results = { results: [{ name: 'the Worker answered', ok: false, error: String(error.stack ?? error) }] };
}

for (const result of results.results) {
  test(`in workerd: ${result.name}`, () => {
    if (!result.ok) throw new Error(result.error);
  });
}
