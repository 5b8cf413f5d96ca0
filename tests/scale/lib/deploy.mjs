// `wrangler deploy --dry-run` of the installed example (bundle, bindings and
// migrations, without an account) and the checks every Node major must pass.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { run } from '../../support/exec.mjs';
import { envFor } from '../../support/node-versions.mjs';

/** Runs the installed copy's wrangler under Node `node`; resolves its output. */
export function wrangler(installed, node, args) {
  return run('node', [join(installed.dir, 'node_modules', 'wrangler', 'bin', 'wrangler.js'), ...args], {
    cwd: installed.dir, env: envFor(node, installed.env), timeoutMs: 120_000,
  });
}

/** `wrangler deploy --dry-run --outdir <outdir>` under Node `node`: its output and the files it bundled. */
export async function dryRun(installed, node, outdir) {
  const { stdout, stderr } = await wrangler(installed, node, ['deploy', '--dry-run', '--outdir', outdir]);
  const files = readdirSync(join(installed.dir, outdir)).filter((name) => /\.(js|mjs|wasm)$/.test(name))
    .map((name) => ({ name, contents: readFileSync(join(installed.dir, outdir, name)) }));
  return { output: stdout + stderr, files };
}

/** Asserts that a dry run bound the ledger and the Queue and bundled only the verify-only wasm; reports the size. */
export function assertDeployable({ output, files }, t) {
  assert.match(output, /env\.EVENTS \(EventLedger\)\s+Durable Object/);
  assert.match(output, /env\.EVENTS_QUEUE \(callingbox-events\)\s+Queue/);
  assert.match(output, /--dry-run: exiting now\./);
  const wasm = files.filter((file) => file.name.endsWith('.wasm'));
  assert.equal(wasm.length, 1);
  assert.match(wasm[0].name, /callingbox_webhooks_verify_bg\.wasm$/, 'the verify-only module, not the full client');
  const js = files.filter((file) => !file.name.endsWith('.wasm'));
  assert.doesNotMatch(Buffer.concat(js.map((file) => file.contents)).toString('latin1'), /webhookEndpoints/);
  const raw = files.reduce((sum, file) => sum + file.contents.length, 0);
  const gzip = files.reduce((sum, file) => sum + gzipSync(file.contents, { level: 9 }).length, 0);
  t.diagnostic(`Worker bundle: ${(raw / 1024).toFixed(1)} KiB, ${(gzip / 1024).toFixed(1)} KiB gzip -9 (${files.map((f) => f.name).join(', ')})`);
  assert.ok(gzip < 64 * 1024, `gzip ${gzip} bytes`);
}
