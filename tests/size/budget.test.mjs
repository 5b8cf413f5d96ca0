// Size ceilings: each package entry (entry file + errors.js + .wasm, gzip)
// and the npm tarball must stay within tests/size/budgets.json; every actual
// figure is printed.
// Needs a built package (make build). Run: node --test tests/size/
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { BUDGETS_PATH, PKG_DIR, fileSizes, isWasm, kib, measureEntry, measureTarball, readBudgets } from './measure.mjs';

const budgets = readBudgets();
const bytes = (n) => `${n.toLocaleString('en-US')} B`;

function overBy(actual, budget, what) {
  const over = actual - budget;
  return (
    `${what} is ${bytes(actual)} (${kib(actual)}), ${bytes(over)} (${((over / budget) * 100).toFixed(1)}%) ` +
    `over its budget of ${bytes(budget)} (${kib(budget)}) in ${BUDGETS_PATH.replace(/.*\/tests\//, 'tests/')}`
  );
}

for (const [flavour, spec] of Object.entries(budgets.flavours)) {
  for (const entry of spec.entries) {
    test(`the ${spec.label} ${entry} fits in its ${kib(spec.maxGzipBytes)} gzip budget, JS and wasm together`, (t) => {
      const size = measureEntry(PKG_DIR, entry);
      const files = size.files.map((f) => `${f.file} ${bytes(f.gzip)}`).join(', ');
      assert.ok(
        size.files.some((f) => isWasm(f.file)),
        `${entry} loads no .wasm that could be found (files: ${files}); the size check would be meaningless`,
      );
      t.diagnostic(`${entry}: ${bytes(size.gzip)} gzip (${kib(size.gzip)}; ceiling ${kib(spec.maxGzipBytes)}): ${files}`);
      assert.ok(size.gzip <= spec.maxGzipBytes, `${overBy(size.gzip, spec.maxGzipBytes, `${entry} (gzip)`)}. Files: ${files}`);
    });
  }
  test(`the ${flavour} entries all load the same single .wasm file`, () => {
    const wasms = new Set(spec.entries.flatMap((e) => measureEntry(PKG_DIR, e).files.filter((f) => isWasm(f.file)).map((f) => f.file)));
    assert.equal(wasms.size, 1, `${spec.label} entries load: ${[...wasms].join(', ') || 'no .wasm'}`);
  });
}

test('the verify-only entries load none of the full flavour’s files', () => {
  const verify = new Set(budgets.flavours.verify.entries.flatMap((e) => measureEntry(PKG_DIR, e).files.map((f) => f.file)));
  const fullOnly = budgets.flavours.full.entries
    .flatMap((e) => measureEntry(PKG_DIR, e).files.map((f) => f.file))
    .filter((f) => !/^errors\.c?js$/.test(f));
  const shared = fullOnly.filter((f) => verify.has(f));
  assert.deepEqual([...new Set(shared)], [], 'the verify-only entry pulls in full-flavour files');
});

test(`the ${budgets.portal.label} fits in its ${kib(budgets.portal.maxGzipBytes)} gzip budget`, (t) => {
  const dir = join(PKG_DIR, budgets.portal.dir);
  const files = readdirSync(dir).filter((f) => f.endsWith('.js'));
  const gzip = files.reduce((sum, f) => sum + fileSizes(join(dir, f)).gzip, 0);
  t.diagnostic(`${files.length} modules, ${bytes(gzip)} gzip (${kib(gzip)}), on top of the browser entry it loads`);
  assert.ok(gzip <= budgets.portal.maxGzipBytes, overBy(gzip, budgets.portal.maxGzipBytes, `${budgets.portal.dir}/*.js (gzip)`));
});

test(`the npm tarball fits in its ${kib(budgets.tarball.maxBytes)} budget`, (t) => {
  const tarball = measureTarball();
  t.diagnostic(`${tarball.file}: ${bytes(tarball.bytes)} (${kib(tarball.bytes)}; ceiling ${kib(budgets.tarball.maxBytes)})`);
  assert.ok(tarball.bytes <= budgets.tarball.maxBytes, overBy(tarball.bytes, budgets.tarball.maxBytes, tarball.file));
});

test('every runtime entry the package exports has a size budget', () => {
  const { exports } = JSON.parse(readFileSync(join(PKG_DIR, 'package.json'), 'utf8'));
  const targets = new Set();
  const walk = (value, key) => {
    if (typeof value === 'string') {
      if (key !== 'types' && /\.(m?js|cjs)$/.test(value)) targets.add(value.replace(/^\.\//, ''));
    } else if (value && typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) walk(v, k);
    }
  };
  // ./testing is Node-only test tooling (the emulator, run in a test process);
  // it never reaches a Worker or a browser, so it has no bundle budget.
  const { './testing': _testing, ...shipped } = exports;
  walk(shipped, '');
  const budgeted = new Set(Object.values(budgets.flavours).flatMap((spec) => spec.entries));
  // The portal is budgeted as a whole, above.
  for (const target of targets) if (target.startsWith(`${budgets.portal.dir}/`)) budgeted.add(target);
  const missing = [...targets].filter((t) => !budgeted.has(t)).sort();
  assert.deepEqual(missing, [], `add these entries to a flavour in tests/size/budgets.json: ${missing.join(', ')}`);
});
