// The memory soak (make soak): 10 million mixed verifySignature and
// constructEvent calls in one instance of the packed tarball, valid and
// failing, string and bytes bodies from 0 B to 1 MiB; RSS and the package's
// wasm memory printed every million calls (flat after warm-up is the goal).
// Then single verifications of very large bodies (256 MiB and 1 GiB by
// default), each followed by the wasm memory. Numbers are printed, never
// asserted; artifacts/soak.json keeps them.
//
//   make soak                                   build, then this
//   node --expose-gc bench/soak.mjs [--calls 10000000] [--entry full|verify]
//        [--every 1000000] [--large 256,1024] [--seed 1]
//
// Body sizes (the pool holds 1,000 bodies in these proportions, each call
// picks one uniformly): 90% 0 B-2 KiB, 9% 2-64 KiB, 0.9% 64-512 KiB,
// 0.1% 512 KiB-1 MiB; mean about 8 KiB, so 10 M calls hash about 80 GB.
// Each call: verifySignature or constructEvent (1:1), string or bytes (1:1),
// header valid (70%), wrong signature (10%), stale (10%), malformed (5%),
// missing (5%). Every answer is checked: a wrong verdict is counted.
import { parseArgs } from 'node:util';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { MiB, importWithMemory } from '../tests/hostile/lib/wasm-memory.mjs';
import { installPackage } from '../tests/hostile/lib/fixture.mjs';
import { NOW, SECRET, WRONG_SECRET } from '../tests/hostile/lib/common.mjs';
import { signedHeader } from '../tests/hostile/lib/reference.mjs';
import { MAX_STRING_MIB, largeBodies, largeBytes, verifyLarge } from '../tests/hostile/lib/large-bodies.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const { values: args } = parseArgs({
  options: {
    calls: { type: 'string', default: process.env.SOAK_CALLS ?? '10000000' },
    entry: { type: 'string', default: process.env.SOAK_ENTRY ?? 'full' },
    every: { type: 'string', default: '1000000' },
    large: { type: 'string', default: process.env.SOAK_LARGE_MIB ?? '256,1024' },
    seed: { type: 'string', default: '1' },
  },
});
const CALLS = Number(args.calls);
const EVERY = Number(args.every);
const LARGE = args.large.split(',').map(Number).filter((n) => n > 0);

/** xorshift32: the same call sequence on every run. */
function random(seed) {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13; x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5; x >>>= 0;
    return x / 2 ** 32;
  };
}
const rand = random(Number(args.seed));

const encoder = new TextEncoder();
const BANDS = [[900, 0, 2048], [90, 2048, 65536], [9, 65536, 524288], [1, 524288, 1048576]];

/** A `call.completed` event of exactly `size` bytes (0 B: empty; under the minimum: spaces). */
function eventOfSize(size, n) {
  const head = `{"id":"evt_soak_${n}","type":"call.completed","created":${NOW},"data":{"call":{"prompt":"`;
  const tail = '"}}}';
  if (size < head.length + tail.length) return ' '.repeat(size);
  return head + 'x'.repeat(size - head.length - tail.length) + tail;
}

function buildPool() {
  const pool = [];
  for (const [count, min, max] of BANDS) {
    for (let i = 0; i < count; i++) {
      const size = Math.floor(min + rand() * (max - min));
      const text = eventOfSize(size, pool.length);
      const bytes = encoder.encode(text);
      const valid = signedHeader(SECRET, NOW, bytes);
      pool.push({
        text,
        bytes,
        isEvent: text.startsWith('{'),
        headers: [
          [0.7, valid, true],
          [0.8, signedHeader(WRONG_SECRET, NOW, bytes), false],
          [0.9, signedHeader(SECRET, NOW - 3600, bytes), false],
          [0.95, `t=${NOW},v1=`, false],
          [1, undefined, false],
        ],
      });
    }
  }
  return pool;
}

const mib = (bytes) => (bytes / MiB).toFixed(1);
const gcNow = () => globalThis.gc?.();

async function main() {
  const project = await installPackage('soak');
  const { module: pkg, memory } = await importWithMemory(args.entry, pathToFileURL(join(project.dir, `${args.entry}.mjs`)).href);
  const pool = buildPool();
  const meanSize = pool.reduce((n, b) => n + b.bytes.length, 0) / pool.length;
  console.log(`soak: ${CALLS.toLocaleString('en')} calls on callingbox-webhooks${args.entry === 'verify' ? '/verify' : ''} (Node ${process.version}); pool of ${pool.length} bodies, mean ${(meanSize / 1024).toFixed(1)} KiB; load average ${(await import('node:os')).loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  console.log('| calls | seconds | calls/s | wasm MiB | RSS MiB | JS heap MiB | wrong answers |');
  console.log('|---:|---:|---:|---:|---:|---:|---:|');
  const rows = [];
  let wrong = 0;
  const started = performance.now();
  let windowStart = started;
  for (let i = 1; i <= CALLS; i++) {
    const body = pool[Math.floor(rand() * pool.length)];
    const pick = rand();
    const [, header, valid] = body.headers.find(([upTo]) => pick < upTo);
    const payload = rand() < 0.5 ? body.text : body.bytes;
    if (rand() < 0.5) {
      if (pkg.verifySignature(payload, header, SECRET, { now: NOW }) !== valid) wrong++;
    } else {
      try {
        pkg.constructEvent(payload, header, SECRET, { now: NOW });
        if (!valid || !body.isEvent) wrong++;
      } catch (error) {
        if (!(error instanceof pkg.WebhookVerificationError) || (valid && body.isEvent)) wrong++;
      }
    }
    if (i % EVERY === 0) {
      const now = performance.now();
      gcNow();
      const { rss, heapUsed } = process.memoryUsage();
      const row = { calls: i, seconds: (now - started) / 1000, callsPerSecond: EVERY / ((now - windowStart) / 1000), wasm: memory(), rss, heapUsed, wrong };
      rows.push(row);
      console.log(`| ${i.toLocaleString('en')} | ${row.seconds.toFixed(0)} | ${Math.round(row.callsPerSecond).toLocaleString('en')} | ${mib(row.wasm)} | ${mib(rss)} | ${mib(heapUsed)} | ${wrong} |`);
      windowStart = performance.now();
    }
  }
  const warm = rows[0];
  const last = rows[rows.length - 1];
  if (warm && last) {
    console.log(`after warm-up (first ${EVERY.toLocaleString('en')} calls) to the end: wasm memory ${mib(warm.wasm)} -> ${mib(last.wasm)} MiB (${last.wasm === warm.wasm ? 'flat' : `${last.wasm > warm.wasm ? '+' : ''}${mib(last.wasm - warm.wasm)} MiB`}), RSS ${mib(warm.rss)} -> ${mib(last.rss)} MiB; ${wrong} wrong answers`);
  }

  const large = [];
  if (LARGE.length) {
    console.log('\nvery large bodies, one verifySignature each, in the same instance:');
    console.log('| body | seconds | correct | wasm MiB after | RSS MiB after |');
    console.log('|---|---:|---|---:|---:|');
  }
  for (const size of LARGE) {
    // V8 strings stop at 2^29 - 24 characters: larger sizes are tested as bytes only.
    const forms = [['bytes', () => largeBytes(size)]];
    if (size <= MAX_STRING_MIB) forms.push(['string', () => largeBodies(size, { multibyte: false }).ascii]);
    for (const [form, make] of forms) {
      const body = make();
      let result;
      try {
        result = verifyLarge(pkg, body, 'verifySignature');
      } catch (error) {
        result = { ok: false, ms: NaN, error: `${error?.name}: ${error?.message}` };
      }
      gcNow();
      const row = { body: `${size} MiB ${form}`, seconds: result.ms / 1000, ok: result.ok, error: result.error, wasm: memory(), rss: process.memoryUsage().rss };
      large.push(row);
      console.log(`| ${row.body} | ${row.seconds.toFixed(1)} | ${row.ok ? 'yes' : `NO${row.error ? ` (${row.error})` : ''}`} | ${mib(row.wasm)} | ${mib(row.rss)} |`);
    }
  }
  mkdirSync(join(ROOT, 'artifacts'), { recursive: true });
  writeFileSync(join(ROOT, 'artifacts', 'soak.json'), `${JSON.stringify({ entry: args.entry, calls: CALLS, node: process.version, meanBodyBytes: meanSize, rows, large }, null, 1)}\n`);
  console.log('wrote artifacts/soak.json');
  project.remove();
}

await main();
