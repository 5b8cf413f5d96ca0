// The hostile-value corpus (issue 15): every kind of value in lib/kinds*.mjs
// goes into every argument slot of every export of the packed tarball, both
// entries (callingbox-webhooks and callingbox-webhooks/verify), 10,000 calls
// per verification export and 4,000 per client export, in one instance per
// worker thread. Each answer must be the real answer for the value's real
// content or a documented refusal (TypeError naming the argument, or a
// CallingBoxError); after each kind the instance must still verify, sign and
// construct valid events and make a real request to the emulator.
//
//   node --test tests/hostile/corpus.test.mjs          (after `make build`)
//   HOSTILE_KINDS="u8-length-throws symbols" ...         a subset
//   HOSTILE_WORKERS=1 ...                                 one thread
//   HOSTILE_ITERATIONS / HOSTILE_CLIENT_ITERATIONS        calls per export
//   HOSTILE_ISOLATE=1 ...                                 when a kind breaks the instance, run it
//                                                         again at each export alone (diagnosis)
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { KINDS } from './lib/kinds.mjs';
import { CATEGORIES } from './lib/judge.mjs';
import { Pool } from './lib/pool.mjs';
import { installPackage, startRecordedEmulator } from './lib/fixture.mjs';
import { REPO } from '../support/tools.mjs';

const WORKERS = Number(process.env.HOSTILE_WORKERS ?? Math.min(2, availableParallelism()));
const KIND_TIMEOUT_MS = Number(process.env.HOSTILE_KIND_TIMEOUT_MS ?? 180_000);
const ISOLATE = process.env.HOSTILE_ISOLATE === '1';
/** Violations where an exception crossed the package: the kind that leaked shadow stack before issue 15. */
const ESCAPES = ['caller-error-escaped', 'range-error', 'runtime-error', 'foreign-error'];
const selected = process.env.HOSTILE_KINDS ? process.env.HOSTILE_KINDS.split(/[\s,]+/).filter(Boolean) : undefined;
const kinds = selected ? KINDS.filter((k) => selected.includes(k.id)) : KINDS;
if (selected && kinds.length !== selected.length) throw new Error(`unknown kind in HOSTILE_KINDS: ${selected.join(' ')}`);

let project;
let recorded;
let pool;
const reports = [];

before(async () => {
  project = await installPackage('hostile');
  recorded = await startRecordedEmulator();
  pool = new Pool(WORKERS, { fixtureDir: project.dir, emulator: recorded.emulator, canned: recorded.canned });
});

after(async () => {
  await pool?.close();
  await recorded?.stop();
  project?.remove();
  mkdirSync(join(REPO, 'artifacts'), { recursive: true });
  writeFileSync(join(REPO, 'artifacts', 'hostile-corpus.json'), `${JSON.stringify(reports, null, 1)}\n`);
});

/**
 * A readable account of everything a kind got wrong. When the kind left a
 * shared instance broken it ran again on a fresh one (see Pool.run): both
 * are told.
 */
function explain(report) {
  const own = explainOne(report);
  if (!report.shared) return own;
  const shared = explainOne(report.shared).split('\n').pop();
  const before = `On the worker's instance, which had run ${report.shared.priorKinds} kinds before: ${shared}`;
  return own
    ? `${before}\nOn a fresh instance, this kind alone:\n${own}`
    : `${before}\nOn a fresh instance this kind alone passes: earlier kinds had damaged the instance (a leak that accumulates).`;
}

function explainOne(report) {
  if (report.timedOut) return `did not finish within ${KIND_TIMEOUT_MS} ms: it was at ${report.at}`;
  if (report.crashed) return `the worker crashed: ${report.crashed}`;
  const lines = [];
  let traps = 0;
  let firstTrap;
  for (const site of report.sites) {
    for (const v of site.violations) {
      // Once the instance is broken every call traps: count those, name the first.
      if (report.health.length && v.category === 'runtime-error') {
        traps += v.count;
        firstTrap ??= `${site.site} [${v.slot}]: ${v.example}`;
        continue;
      }
      lines.push(`${site.site} [${v.slot}] ${v.count}/${site.calls}x ${CATEGORIES[v.category] ?? v.category}: ${v.example}`);
    }
  }
  if (traps) lines.push(`${traps} calls threw a WebAssembly RuntimeError, the first at ${firstTrap}`);
  if (report.health.length) lines.push(`AFTERWARDS THE INSTANCE IS BROKEN: ${report.health.slice(0, 3).join('; ')}${report.health.length > 3 ? ` (and ${report.health.length - 3} more)` : ''}`);
  return lines.join('\n');
}

test('hostile values at every export', { concurrency: WORKERS }, async (t) => {
  await Promise.all(kinds.map((kind) => t.test(`${kind.title}: every export answers for the real value or refuses it with a documented error, and the instance stays healthy`, async () => {
    const report = await pool.run(kind.id, KIND_TIMEOUT_MS);
    const escaped = report.sites?.some((site) => site.violations.some((v) => ESCAPES.includes(v.category)));
    if (ISOLATE && (report.health?.length || report.timedOut || report.crashed || escaped)) {
      // Each export alone on a fresh instance, then how many leaking calls
      // that instance still survives (a fresh one: report.freshHeadroom):
      // what each export leaks, which a broken instance would hide.
      report.freshHeadroom = (await pool.runIsolated(null, null, KIND_TIMEOUT_MS)).headroom;
      report.isolated = [];
      for (const site of report.sites ?? []) {
        const alone = await pool.runIsolated(kind.id, site.site, KIND_TIMEOUT_MS);
        report.isolated.push({ site: site.site, ...alone });
      }
    }
    reports.push(report);
    const calls = report.sites?.reduce((n, s) => n + s.calls, 0) ?? 0;
    t.diagnostic(`${kind.id}: ${calls} calls in ${report.ms ?? '?'} ms`);
    const problems = explain(report);
    assert.ok(calls > 0 || report.timedOut || report.crashed, `${kind.id} made no call`);
    if (problems) assert.fail(`${kind.id}:\n${problems}`);
  })));
});
