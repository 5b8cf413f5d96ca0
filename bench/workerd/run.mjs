#!/usr/bin/env node
// Benchmarks webhook verification inside workerd (Miniflare's real runtime):
// callingbox-webhooks/verify against crypto.subtle HMAC verify with a cached
// key, in the same Worker and the same run, at 256 B, 2 KiB and 64 KiB;
// verifyRequest against the same job done by hand; the first request of
// fresh isolates; then prints the size of the Cloudflare Worker example's
// bundle.
//
//   bash .ci/build.sh                 (packs build/callingbox-webhooks-0.1.0.tgz)
//   node bench/workerd/run.mjs [--rounds N] [--ms M] [--json FILE]
//
// Prints numbers; asserts nothing (exits non-zero only if the two
// implementations disagree or something fails to run).
import { writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { bundleWorker, describeSizes, kib } from '../../tests/e2e/lib/bundle.mjs';
import { installExample } from '../../tests/e2e/lib/install.mjs';
import { devRequire } from '../../tests/e2e/lib/paths.mjs';

const { values: flags } = parseArgs({
  options: {
    rounds: { type: 'string', default: '5' },
    ms: { type: 'string', default: '250' },
    json: { type: 'string' },
  },
});
const ROUNDS = Number(flags.rounds);
const BUDGET_MS = Number(flags.ms);
const SIZES = [256, 2048, 65536];
const here = fileURLToPath(new URL('.', import.meta.url));

const { Miniflare } = devRequire('miniflare');
const workerdVersion = devRequire('workerd/package.json').version;

const bench = await installExample(join(here, 'worker'));
const example = await installExample('cloudflare-worker');
let mf;
try {
  const bundle = await bundleWorker(join(bench.dir, 'index.js'));
  const workerOptions = { modules: bundle.modules, modulesRoot: bundle.modulesRoot, compatibilityDate: '2026-04-20' };

  // Fresh isolates: start workerd, send its first request (one 2 KiB
  // verification), stop; medians over a few.
  const cold = [];
  for (let i = 0; i < 5; i += 1) {
    const started = performance.now();
    const fresh = new Miniflare(workerOptions);
    await fresh.ready;
    const ready = performance.now();
    const response = await fresh.dispatchFetch('http://bench/first');
    const { valid, firstVerifyMs } = await response.json();
    const answered = performance.now();
    await fresh.dispose();
    if (!valid) throw new Error('the first verification of a fresh isolate failed');
    cold.push({ startupMs: ready - started, firstRequestMs: answered - ready, firstVerifyMs });
  }

  mf = new Miniflare(workerOptions);
  const get = async (path) => {
    const response = await mf.dispatchFetch(`http://bench${path}`);
    const text = await response.text();
    if (!response.ok) throw new Error(`${path} -> ${response.status}: ${text}`);
    return JSON.parse(text);
  };

  for (const size of SIZES) {
    const { answers, bytes } = await get(`/check?size=${size}`);
    const expected = [true, false];
    if (bytes !== size || Object.values(answers).some((answer) => JSON.stringify(answer) !== JSON.stringify(expected))) {
      throw new Error(`the implementations disagree at ${size} B: ${JSON.stringify({ bytes, answers })}`);
    }
  }

  console.log(`workerd ${workerdVersion} (miniflare), ${cpus()[0]?.model ?? 'unknown CPU'}, Node ${process.version}`);
  console.log(`median of ${ROUNDS} rounds of ~${BUDGET_MS} ms per implementation and size, rounds interleaved\n`);
  // Let V8 tier the wasm and the JS up (Liftoff -> TurboFan) before anything is timed.
  const IMPLS = ['ours', 'subtle', 'request', 'byhand', 'readonly'];
  for (const size of SIZES) for (const impl of IMPLS) await get(`/run?impl=${impl}&size=${size}&ms=${BUDGET_MS}`);
  const results = [];
  for (const size of SIZES) {
    const perImpl = Object.fromEntries(IMPLS.map((impl) => [impl, []]));
    for (const impl of IMPLS) await get(`/run?impl=${impl}&size=${size}&ms=${BUDGET_MS / 2}`); // warm up
    for (let round = 0; round < ROUNDS; round += 1) {
      const order = round % 2 ? [...IMPLS].reverse() : IMPLS;
      for (const impl of order) {
        const { ops, elapsedMs } = await get(`/run?impl=${impl}&size=${size}&ms=${BUDGET_MS}`);
        perImpl[impl].push((ops / elapsedMs) * 1000);
      }
    }
    const ops = Object.fromEntries(IMPLS.map((impl) => [impl, median(perImpl[impl])]));
    results.push({ size, oursOpsPerSec: ops.ours, subtleOpsPerSec: ops.subtle, ratio: ops.ours / ops.subtle, requestOpsPerSec: ops.request, byHandOpsPerSec: ops.byhand, readOnlyOpsPerSec: ops.readonly });
  }

  const rows = results.map((r) => [
    r.size >= 1024 ? `${r.size / 1024} KiB` : `${r.size} B`,
    fmt(r.oursOpsPerSec), fmt(r.subtleOpsPerSec), `${r.ratio.toFixed(2)}x`,
    `${(1e6 / r.oursOpsPerSec).toFixed(2)} us`, `${(1e6 / r.subtleOpsPerSec).toFixed(2)} us`,
  ]);
  table(['body', 'ours ops/s', 'crypto.subtle ops/s', 'ours / subtle', 'ours per op', 'subtle per op'], rows);

  // verifyRequest: a Request made per call, its body read, verified and
  // parsed. Against the same job by hand (arrayBuffer + constructEvent) and
  // against verifySignature on the same bytes plus what reading the Request
  // costs any handler (readonly): how much verifyRequest itself adds.
  const us = (opsPerSec) => 1e6 / opsPerSec;
  console.log('\nverifyRequest (a Request made per call), per op:');
  table(
    ['body', 'verifyRequest', 'by hand: arrayBuffer + constructEvent', 'verifyRequest / by hand', 'request read alone', 'read + verifySignature', 'verifyRequest / (read + verifySignature)'],
    results.map((r) => {
      const readPlusVerify = us(r.readOnlyOpsPerSec) + us(r.oursOpsPerSec);
      return [
        r.size >= 1024 ? `${r.size / 1024} KiB` : `${r.size} B`,
        `${us(r.requestOpsPerSec).toFixed(2)} us`,
        `${us(r.byHandOpsPerSec).toFixed(2)} us`,
        `${(us(r.requestOpsPerSec) / us(r.byHandOpsPerSec)).toFixed(2)}x`,
        `${us(r.readOnlyOpsPerSec).toFixed(2)} us`,
        `${readPlusVerify.toFixed(2)} us`,
        `${(us(r.requestOpsPerSec) / readPlusVerify).toFixed(2)}x`,
      ];
    }),
  );
  const coldMedian = (key) => median(cold.map((c) => c[key]));
  console.log(`\nfresh isolates (median of ${cold.length}): workerd start ${coldMedian('startupMs').toFixed(0)} ms (module compiled and instantiated), first request answered in ${coldMedian('firstRequestMs').toFixed(1)} ms, of which the first 2 KiB verification ${coldMedian('firstVerifyMs').toFixed(2)} ms (timed inside the Worker)`);

  const entry = join(example.dir, 'src/index.js');
  const sizes = {
    verify: (await bundleWorker(entry)).sizes,
    verifyMinified: (await bundleWorker(entry, { minify: true })).sizes,
    full: (await bundleWorker(entry, { fullPackage: true })).sizes,
  };
  console.log('\nexamples/cloudflare-worker bundle (esbuild as wrangler bundles it, .wasm as a CompiledWasm module):');
  console.log(`  callingbox-webhooks/verify            ${describeSizes(sizes.verify)}`);
  console.log(`  callingbox-webhooks/verify, --minify  ${describeSizes(sizes.verifyMinified)}`);
  console.log(`  callingbox-webhooks (full entry)      ${describeSizes(sizes.full)}`);
  console.log(`  Workers limit: 3 MiB gzip (Free), 10 MiB (Paid); the verify-only bundle is ${kib(sizes.verify.total.gzip)} gzip`);

  if (flags.json) {
    writeFileSync(flags.json, `${JSON.stringify({ workerd: workerdVersion, rounds: ROUNDS, budgetMs: BUDGET_MS, results, cold, sizes }, null, 2)}\n`);
    console.log(`\nwrote ${flags.json}`);
  }
} finally {
  await mf?.dispose();
  bench.remove();
  example.remove();
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function fmt(n) {
  return Math.round(n).toLocaleString('en-US');
}

function table(head, rows) {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  console.log(line(head));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const row of rows) console.log(line(row));
}
