#!/usr/bin/env node
// Benchmarks examples/cloudflare-scale in local workerd (`wrangler dev`, the
// wrangler of the example's lock, on Node 24): signed deliveries per second
// that are verified and enqueued (verify entry -> ledger shard -> Queue ->
// 202), and the fetch handler's latency seen by the sender, side by side
// with the simple example (examples/cloudflare-worker: verify, KV get,
// handle, KV put -> 200), with the design it did not take (one Durable
// Object per event) and with a Worker that only verifies. The example's
// queue consumer runs during its measurement, as it would in production.
// Then the Worker bundle's size from `wrangler deploy --dry-run`.
//
//   make build && node bench/scale/run.mjs [--requests N] [--in-flight C] [--json FILE]
//
// Prints numbers; asserts nothing. Loopback HTTP and wrangler dev's own
// proxy are in every figure, the same for each Worker.
import { cpSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { freePort } from '../../tests/e2e/lib/util.mjs';
import { run } from '../../tests/support/exec.mjs';
import { REPO } from '../../tests/support/tools.mjs';
import { eventBody, percentile, sendJobs } from '../../tests/scale/lib/deliveries.mjs';
import { exampleConfig, importPackage, installExample, startWranglerDev } from '../../tests/scale/lib/example.mjs';

const { values: flags } = parseArgs({
  options: {
    requests: { type: 'string', default: process.env.BENCH_QUICK === '1' ? '300' : '2000' },
    'in-flight': { type: 'string', default: '64' },
    sequential: { type: 'string', default: process.env.BENCH_QUICK === '1' ? '100' : '300' },
    json: { type: 'string' },
  },
});
const REQUESTS = Number(flags.requests);
const IN_FLIGHT = Number(flags['in-flight']);
const SEQUENTIAL = Number(flags.sequential);
const WARMUP = 200;
const SECRET = 'whsec_scale_bench_secret';
const here = fileURLToPath(new URL('.', import.meta.url));
const compatibilityDate = exampleConfig().compatibility_date;

const loadBefore = loadavg();
const installed = await installExample();
const { signPayload } = await importPackage(installed);
const sign = (body) => signPayload(body, SECRET);
cpSync(join(here, 'workers'), join(installed.dir, 'bench'), { recursive: true });
cpSync(join(REPO, 'examples', 'cloudflare-worker', 'src', 'index.js'), join(installed.dir, 'bench', 'kv-once.js'));
const config = (name, extra) => {
  const path = join(installed.dir, `wrangler.bench-${name}.json`);
  writeFileSync(path, JSON.stringify({ name: `bench-${name}`, compatibility_date: compatibilityDate, ...extra }, null, 2));
  return path;
};

const workers = [
  { name: 'scale example: verify, ledger, enqueue -> 202', config: join(installed.dir, 'wrangler.jsonc') },
  {
    name: 'simple example: verify, KV get, handle, KV put -> 200',
    config: config('kv', { main: 'bench/kv-once.js', kv_namespaces: [{ binding: 'PROCESSED_EVENTS', id: 'bench' }] }),
  },
  {
    name: 'one Durable Object per event (not taken): verify, ledger, enqueue -> 202',
    config: config('per-event', {
      main: 'bench/per-event-ledger.js',
      durable_objects: { bindings: [{ name: 'PER_EVENT', class_name: 'PerEventLedger' }] },
      migrations: [{ tag: 'v1', new_sqlite_classes: ['PerEventLedger'] }],
      queues: {
        producers: [{ binding: 'EVENTS_QUEUE', queue: 'bench-per-event' }],
        consumers: [{ queue: 'bench-per-event', max_batch_size: 10, max_batch_timeout: 1 }],
      },
    }),
  },
  { name: 'verify only -> 200', config: config('verify', { main: 'bench/verify-only.js' }) },
];

/** Unique events (every delivery is a first delivery), `count` of them, sent `inFlight` at a time. */
async function load(url, count, inFlight) {
  const events = Array.from({ length: count }, () => eventBody());
  const started = performance.now();
  const answers = await sendJobs(events.map((_, i) => [i]), events, { url, sign, inFlight });
  const seconds = (performance.now() - started) / 1000;
  const bad = answers.filter((answer) => answer.status !== 200 && answer.status !== 202);
  if (bad.length) throw new Error(`${bad.length} deliveries failed, first: ${bad[0].status} ${bad[0].text}`);
  const ms = answers.map((answer) => answer.ms);
  return { requests: count, inFlight, perSecond: count / seconds, p50: percentile(ms, 50), p99: percentile(ms, 99) };
}

const results = [];
try {
  for (const worker of workers) {
    const dev = await startWranglerDev(installed, { config: worker.config, port: await freePort(), secret: SECRET, logLevel: 'warn' });
    try {
      const url = `${dev.url}/`;
      await load(url, WARMUP, 16);
      const sequential = await load(url, SEQUENTIAL, 1);
      const concurrent = await load(url, REQUESTS, IN_FLIGHT);
      results.push({ worker: worker.name, sequential, concurrent });
    } finally {
      await dev.stop();
    }
  }
  const dist = 'dist-bench';
  await run('node', [join(installed.dir, 'node_modules', 'wrangler', 'bin', 'wrangler.js'), 'deploy', '--dry-run', '--outdir', dist], {
    cwd: installed.dir, env: installed.env, timeoutMs: 120_000,
  });
  const files = readdirSync(join(installed.dir, dist)).filter((name) => /\.(js|wasm)$/.test(name))
    .map((name) => ({ name, bytes: readFileSync(join(installed.dir, dist, name)) }));
  const size = (list) => ({
    raw: list.reduce((sum, file) => sum + file.bytes.length, 0),
    gzip: list.reduce((sum, file) => sum + gzipSync(file.bytes, { level: 9 }).length, 0),
  });
  const bundle = {
    js: size(files.filter((file) => file.name.endsWith('.js'))),
    wasm: size(files.filter((file) => file.name.endsWith('.wasm'))),
    total: size(files),
  };
  const { stdout: wranglerVersion } = await run('node', [join(installed.dir, 'node_modules', 'wrangler', 'bin', 'wrangler.js'), '--version'], {
    cwd: installed.dir, env: installed.env,
  });
  const loadAfter = loadavg();

  const kib = (bytes) => `${(bytes / 1024).toFixed(1)} KiB`;
  const load3 = (l) => l.map((x) => x.toFixed(2)).join(', ');
  console.log(`\n## The scale example in local workerd\n`);
  console.log(`wrangler ${wranglerVersion.trim()} (wrangler dev, local mode) on Node 24, ${cpus()[0]?.model ?? 'unknown CPU'} x ${cpus().length}`);
  console.log(`load average before ${load3(loadBefore)}, after ${load3(loadAfter)} (1, 5, 15 min)${loadBefore[0] > cpus().length * 0.5 ? ': the machine is busy, expect slower and noisier numbers' : ''}`);
  console.log(`each Worker: ${WARMUP} warm-up deliveries, then ${SEQUENTIAL} one at a time, then ${REQUESTS} with ${IN_FLIGHT} in flight; every delivery a new event, signed at send time\n`);
  console.log('| Worker | 1 in flight: p50 | p99 | deliveries/s | ' + `${IN_FLIGHT} in flight: p50 | p99 | deliveries/s |`);
  console.log('|---|---:|---:|---:|---:|---:|---:|');
  for (const { worker, sequential: s, concurrent: c } of results) {
    console.log(`| ${worker} | ${s.p50.toFixed(1)} ms | ${s.p99.toFixed(1)} ms | ${s.perSecond.toFixed(0)} | ${c.p50.toFixed(1)} ms | ${c.p99.toFixed(1)} ms | ${c.perSecond.toFixed(0)} |`);
  }
  console.log(`\nWorker bundle (wrangler deploy --dry-run, unminified): ${kib(bundle.total.raw)} raw, ${kib(bundle.total.gzip)} gzip -9 `
    + `(JS ${kib(bundle.js.raw)} / ${kib(bundle.js.gzip)}, wasm ${kib(bundle.wasm.raw)} / ${kib(bundle.wasm.gzip)})`);
  if (flags.json) {
    writeFileSync(flags.json, `${JSON.stringify({ wrangler: wranglerVersion.trim(), loadBefore, loadAfter, results, bundle }, null, 2)}\n`);
  }
} finally {
  installed.remove();
}
