// What is inside the packed tarball: every file the exports map (and main,
// module, browser, types, sideEffects, the verify/ stub) names exists, every
// relative import or `new URL('./x', ...)` in those files points at a
// shipped file, and nothing ships that no entry can reach (besides
// package.json files, README and LICENSE).
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, normalize } from 'node:path';
import { after, before, test } from 'node:test';
import { run } from '../support/exec.mjs';
import { tarballPath } from '../support/tarball.mjs';

let dir;
let files;
let manifest;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'callingbox-contents-'));
  const { stdout } = await run('tar', ['-tzf', tarballPath()]);
  files = stdout.split('\n').filter(Boolean);
  await run('tar', ['-xzf', tarballPath(), '-C', dir]);
  manifest = JSON.parse(readFileSync(join(dir, 'package/package.json'), 'utf8'));
});

after(() => dir && rmSync(dir, { recursive: true, force: true }));

const shipped = () => new Set(files.map((f) => f.replace(/^package\//, '')));

/** Every string leaf of the exports map (and its condition path, for messages). */
function exportTargets(node, path = 'exports') {
  if (typeof node === 'string') return [[path, node]];
  if (node && typeof node === 'object') return Object.entries(node).flatMap(([k, v]) => exportTargets(v, `${path}[${JSON.stringify(k)}]`));
  return [];
}

const RELATIVE_REFERENCES = [
  /\bfrom\s*['"](\.\.?\/[^'"]+)['"]/g,
  /\bimport\s*['"](\.\.?\/[^'"]+)['"]/g,
  /\bimport\(\s*['"](\.\.?\/[^'"]+)['"]\s*\)/g,
  /\brequire\(\s*['"](\.\.?\/[^'"]+)['"]\s*\)/g,
  /\bnew URL\(\s*['"](\.\.?\/[^'"]+)['"]/g,
];
// Deno and TypeScript read `/* @ts-self-types="./x.d.ts" */` in a .js file as
// "my types are there".
const SELF_TYPES = [/\/\*\s*@ts-self-types="(\.\.?\/[^"]+)"\s*\*\//g];

/** The relative files `file` references, as paths inside the package. */
function references(file, patterns = RELATIVE_REFERENCES) {
  const text = readFileSync(join(dir, 'package', file), 'utf8');
  // A query (`./x.wasm?module`, the Next.js form) is a hint to the bundler, not part of the file name.
  return patterns.flatMap((re) => [...text.matchAll(re)].map((m) => normalize(join(dirname(file), m[1].replace(/\?.*$/, '')))));
}

/** In a declaration file, `./x.js` names the types in `./x.d.ts` (`.cjs`: `.d.cts`, `.mjs`: `.d.mts`). */
function declarationOf(file, reference) {
  if (!/\.d\.[cm]?ts$/.test(file)) return reference;
  return reference.replace(/\.(m?)(c?)js$/, '.d.$1$2ts');
}

test('the tarball holds only files under package/ with the expected kinds of names', () => {
  assert.ok(files.length > 0);
  for (const file of files) {
    assert.ok(file.startsWith('package/'), `${file} is outside package/`);
    assert.match(
      file.slice('package/'.length),
      /^(?:[\w-]+\/)*(?:[\w.-]+\.(?:m?js|cjs|d\.[cm]?ts|wasm)|package\.json|README\.md)$|^LICENSE(?:\.md)?$/,
      `unexpected file ${file}`,
    );
  }
});

test('every file named by exports, main, types and sideEffects is in the tarball', () => {
  const have = shipped();
  const named = [
    ...exportTargets(manifest.exports),
    ['main', manifest.main],
    ['module', manifest.module],
    ['browser', manifest.browser],
    ['types', manifest.types],
    ...Object.entries(manifest.bin ?? {}).map(([name, target]) => [`bin.${name}`, target]),
    ...(Array.isArray(manifest.sideEffects) ? manifest.sideEffects.map((f, i) => [`sideEffects[${i}]`, f]) : []),
  ];
  for (const [where, target] of named) {
    assert.equal(typeof target, 'string', `${where} is not a path`);
    assert.ok(have.has(normalize(target).replace(/^\.\//, '')), `${where} = ${target} is not in the tarball`);
  }
  assert.deepEqual(Object.keys(manifest.exports).sort(), ['.', './express', './fastify', './node', './package.json', './portal', './router', './testing', './verify']);
  // Folders that hold only a package.json pointing at another folder's files,
  // for resolvers without `exports` (TypeScript's node10, Parcel's default).
  for (const stub of [...have].filter((f) => /^[\w-]+\/package\.json$/.test(f))) {
    const { main, types } = JSON.parse(readFileSync(join(dir, 'package', stub), 'utf8'));
    for (const target of [main, types]) assert.ok(have.has(normalize(join(dirname(stub), target))), `${stub} names ${target}, which is not in the tarball`);
  }
});

test('resolvers without exports support find both entries: main, module, browser and the verify/ stub', () => {
  const have = shipped();
  assert.equal(manifest.main, './node.cjs');
  assert.equal(manifest.module, './browser.js');
  assert.equal(manifest.browser, './browser.js');
  assert.equal(manifest.types, './index.d.cts');
  assert.ok(have.has('verify/package.json'), 'verify/package.json is not in the tarball');
  const stub = JSON.parse(readFileSync(join(dir, 'package/verify/package.json'), 'utf8'));
  assert.deepEqual(
    { main: stub.main, module: stub.module, browser: stub.browser, types: stub.types },
    { main: '../verify-node.cjs', module: '../verify-browser.js', browser: '../verify-browser.js', types: '../verify.d.cts' },
  );
  for (const target of [stub.main, stub.module, stub.browser, stub.types]) assert.ok(have.has(normalize(join('verify', target))), `verify/package.json names ${target}, which is not shipped`);
});

test('every relative import and new URL() in the shipped entries resolves to a shipped file, and every shipped file is reachable', () => {
  const have = shipped();
  const roots = [...exportTargets(manifest.exports).map(([, t]) => t), ...Object.values(manifest.bin ?? {})].map((t) => normalize(t).replace(/^\.\//, ''));
  const reachable = new Set();
  const queue = [...roots];
  while (queue.length) {
    const file = queue.pop();
    if (reachable.has(file)) continue;
    reachable.add(file);
    if (!/\.(c?js|d\.c?ts)$/.test(file)) continue;
    for (const ref of references(file).map((r) => declarationOf(file, r))) {
      assert.ok(have.has(ref), `${file} references ./${ref}, which is not in the tarball`);
      queue.push(ref);
    }
  }
  const unreachable = [...have].filter((f) => !reachable.has(f) && !/(^|\/)(package\.json|README\.md)$|^LICENSE(\.md)?$/.test(f));
  assert.deepEqual(unreachable, [], 'files no entry can reach');
  assert.ok(![...have].some((f) => f.includes('snippets')), 'a wasm-bindgen snippets path leaked into the package');
});

test('the CommonJS type declarations (.d.cts) import only other .d.cts files, so require() users never resolve ESM types', () => {
  for (const file of [...shipped()].filter((f) => f.endsWith('.d.cts'))) {
    const esm = references(file).filter((ref) => !ref.endsWith('.cjs'));
    assert.deepEqual(esm, [], `${file} imports ESM declarations`);
  }
});

test('no shipped .js file points its @ts-self-types at a declaration file that is not shipped', () => {
  const have = shipped();
  const dangling = [...have]
    .filter((f) => /\.c?js$/.test(f))
    .flatMap((f) => references(f, SELF_TYPES).filter((ref) => !have.has(ref)).map((ref) => `${f} -> ./${ref}`));
  assert.deepEqual(dangling, [], 'dangling @ts-self-types');
});
