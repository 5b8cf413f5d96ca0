// Cold start: for each target, several fresh Node processes (interleaved
// across targets), each timing import -> first verified delivery; medians.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { quantile } from './timing.mjs';

const CHILD = new URL('./cold-child.cjs', import.meta.url).pathname;

export function coldStartTargets(pkgDir) {
  return [
    { label: 'node.js (ESM, full)', kind: 'esm', target: join(pkgDir, 'node.js'), ours: true },
    { label: 'node.cjs (CJS, full)', kind: 'cjs', target: join(pkgDir, 'node.cjs'), ours: true },
    { label: 'verify-node.js (ESM, verify-only)', kind: 'esm', target: join(pkgDir, 'verify-node.js'), ours: true },
    { label: 'verify-node.cjs (CJS, verify-only)', kind: 'cjs', target: join(pkgDir, 'verify-node.cjs'), ours: true },
    { label: 'node:crypto (reference)', kind: 'node:crypto' },
    { label: '@noble/hashes (reference)', kind: '@noble/hashes' },
    { label: 'stripe (reference)', kind: 'stripe' },
  ];
}

export function coldStart(targets, { runs, body, header, secret, progress = () => {} }) {
  for (const t of targets) t.samples = [];
  for (let run = 0; run < runs; run++) {
    // Rotate the order so that no target always runs right after another.
    const order = targets.map((_, i) => targets[(i + run) % targets.length]);
    for (const t of order) {
      const arg = JSON.stringify({ kind: t.kind, target: t.target, body, header, secret });
      const start = process.hrtime.bigint();
      const child = spawnSync(process.execPath, [CHILD, arg], { encoding: 'utf8', cwd: new URL('..', import.meta.url).pathname });
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
