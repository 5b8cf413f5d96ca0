// Cold start: for each target, several fresh processes (interleaved across
// targets), each timing import -> first verified delivery; medians.
//
// ESM targets are imported by an ES module script (cold-child.mjs), as an ESM
// application imports them; CommonJS targets are required by a CommonJS one
// (cold-child.cjs). Until 2026-12 every target was timed from the CommonJS
// child, whose first `import()` starts Node's ESM loader: about 10 ms that
// made the ESM entry look twice as slow as the CommonJS one, while an ESM
// app has paid for its loader before its first line runs. The "empty ES
// module" rows show what importing any ESM file costs each runtime.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { quantile } from './timing.mjs';

const LIB = new URL('.', import.meta.url).pathname;
const ROOT = new URL('../..', import.meta.url).pathname;
const EMPTY = join(LIB, 'empty.mjs');

/** The command that runs `child` with one JSON argument, per runtime. */
const RUNTIMES = {
  node: (child) => [process.execPath, [child]],
  deno: (child) => [join(ROOT, 'tests/node_modules/.bin/deno'), ['run', '--allow-read', '--allow-env', '--no-config', '--node-modules-dir=none', child]],
  bun: (child) => [join(ROOT, 'tests/node_modules/.bin/bun'), [child]],
};

export function coldStartTargets(pkgDir, runtimes = ['node']) {
  const targets = [];
  for (const runtime of runtimes) {
    const r = runtime === 'node' ? '' : `${runtime}: `;
    // Each runtime's own entry, as the package's exports resolve it: Deno
    // takes the `deno` condition, Node and Bun `node`.
    const esm = runtime === 'deno' ? 'deno' : 'node';
    targets.push(
      { label: `${r}${esm}.js (ESM, full)`, runtime, kind: 'esm', target: join(pkgDir, `${esm}.js`), ours: true },
      { label: `${r}verify-${esm}.js (ESM, verify-only)`, runtime, kind: 'esm', target: join(pkgDir, `verify-${esm}.js`), ours: true },
    );
    if (runtime !== 'deno') {
      targets.push(
        { label: `${r}node.cjs (CJS, full)`, runtime, kind: 'cjs', target: join(pkgDir, 'node.cjs'), ours: true },
        { label: `${r}verify-node.cjs (CJS, verify-only)`, runtime, kind: 'cjs', target: join(pkgDir, 'verify-node.cjs'), ours: true },
      );
    }
    targets.push({ label: `${r}empty ES module (reference)`, runtime, kind: 'empty', target: EMPTY });
  }
  targets.push(
    { label: 'node:crypto (reference)', runtime: 'node', kind: 'node:crypto' },
    { label: '@noble/hashes (reference)', runtime: 'node', kind: '@noble/hashes' },
    { label: 'stripe (reference)', runtime: 'node', kind: 'stripe' },
  );
  return targets;
}

export function coldStart(targets, { runs, body, header, secret, progress = () => {} }) {
  for (const t of targets) t.samples = [];
  for (let run = 0; run < runs; run++) {
    // Rotate the order so that no target always runs right after another.
    const order = targets.map((_, i) => targets[(i + run) % targets.length]);
    for (const t of order) {
      const arg = JSON.stringify({ kind: t.kind, target: t.target, body, header, secret });
      const esm = t.kind === 'esm' || t.kind === 'empty';
      const [command, args] = RUNTIMES[t.runtime ?? 'node'](join(LIB, esm ? 'cold-child.mjs' : 'cold-child.cjs'));
      const start = process.hrtime.bigint();
      const child = spawnSync(command, [...args, arg], { encoding: 'utf8', cwd: new URL('..', import.meta.url).pathname });
      const wallMs = Number(process.hrtime.bigint() - start) / 1e6;
      if (child.status !== 0) throw new Error(`cold start of ${t.label} failed:\n${child.stderr}`);
      const sample = JSON.parse(child.stdout.trim().split('\n').pop());
      if (!sample.ok) throw new Error(`cold start of ${t.label}: the first verification did not pass`);
      t.samples.push({ ...sample, wallMs });
    }
    progress({ phase: 'cold start', done: run + 1, total: runs });
  }
  for (const t of targets) {
    const median = (key) => quantile(t.samples.map((s) => s[key]).sort((a, b) => a - b), 0.5);
    t.median = {
      importMs: median('importMs'),
      firstVerifyMs: median('firstVerifyMs'),
      totalMs: median('totalMs'),
      wallMs: median('wallMs'),
    };
  }
  return targets;
}
