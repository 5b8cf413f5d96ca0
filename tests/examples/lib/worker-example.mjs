// examples/cloudflare-worker (the simple KV Worker) installed the way its
// README says, through the scale example's helpers (the two examples are
// laid out alike: a lock resolving the package to build/, wrangler in
// devDependencies), and the checks its dry run and `wrangler dev` must pass.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { exerciseReceiver } from '../../frameworks/lib/deliveries.mjs';
import { freePort } from '../../e2e/lib/util.mjs';
import { wrangler } from '../../scale/lib/deploy.mjs';
import { importPackage, installExample, NODE20_WRANGLER, startWranglerDev } from '../../scale/lib/example.mjs';
import { envFor } from '../../support/node-versions.mjs';
import { REPO } from '../../support/tools.mjs';

export { NODE20_WRANGLER };
export const WORKER_EXAMPLE = join(REPO, 'examples', 'cloudflare-worker');
/** What the README promises for the whole Worker (it is about 21 KiB). */
const README_GZIP_CEILING = 30 * 1024;
const SECRET = 'whsec_worker_example_test_secret';

/**
 * The example in a temp folder: `npm ci` from its lock on Node 24 (wrangler
 * latest), or with `{node: 20, wrangler: NODE20_WRANGLER}` what the README
 * tells Node 20 users to install. The package comes from the packed tarball.
 */
export function installWorkerExample(options = {}) {
  return installExample({ ...options, example: WORKER_EXAMPLE });
}

/** The installed wrangler's version, run under Node `node`. */
export async function wranglerVersion(installed, node) {
  const { stdout } = await wrangler(installed, node, ['--version']);
  return stdout.trim();
}

/**
 * Asserts what a dry run of the example must show: the KV namespace bound,
 * one wasm module and it the verify-only one, no HTTP client in the JS, the
 * whole Worker under the README's 30 KiB gzip. Reports the size.
 */
export function assertWorkerDeployable({ output, files }, t) {
  assert.match(output, /env\.PROCESSED_EVENTS \([^)]*\)\s+KV Namespace/);
  assert.match(output, /--dry-run: exiting now\./);
  const wasm = files.filter((file) => file.name.endsWith('.wasm'));
  assert.deepEqual(wasm.map((file) => file.name.replace(/^[0-9a-f]+-/, '')), ['callingbox_webhooks_verify_bg.wasm'],
    'the verify-only module, not the full client');
  const js = files.filter((file) => !file.name.endsWith('.wasm'));
  assert.doesNotMatch(Buffer.concat(js.map((file) => file.contents)).toString('latin1'), /webhookEndpoints/);
  const raw = files.reduce((sum, file) => sum + file.contents.length, 0);
  const gzip = files.reduce((sum, file) => sum + gzipSync(file.contents, { level: 9 }).length, 0);
  t.diagnostic(`Worker bundle: ${(raw / 1024).toFixed(1)} KiB, ${(gzip / 1024).toFixed(1)} KiB gzip -9`);
  assert.ok(gzip < README_GZIP_CEILING, `gzip ${gzip} bytes`);
}

/**
 * Serves the installed example with `wrangler dev` under Node `node` (its
 * own wrangler.jsonc, the KV namespace local, the secret in .dev.vars) and
 * sends it a signed, a tampered and an unsigned delivery, then the signed
 * one again: 200, 400, 400, and a duplicate answered without processing the
 * event twice (exerciseReceiver checks each, and the Worker's log).
 */
export async function exerciseUnderWranglerDev(installed, node) {
  const { signPayload } = await importPackage(installed);
  const worker = await startWranglerDev({ ...installed, env: envFor(node, installed.env) }, {
    // Another wrangler dev may be starting (this suite's other file, the scale
    // and framework suites): the inspector on any free port, not 9229.
    config: join(installed.dir, 'wrangler.jsonc'), port: await freePort(), inspectorPort: 0, secret: SECRET,
  });
  try {
    const output = () => worker.logs.join('\n');
    const { event } = await exerciseReceiver({ url: `${worker.url}/`, signPayload, output, secret: SECRET, router: true });
    assert.match(output(), new RegExp(`^processed call\\.completed ${event.id}$`, 'm'));
  } finally {
    await worker.stop();
  }
}
