// Type-level tests of the packed tarball, counted by node:test:
//
// - the .ts/.cts files here are compiled with `tsc --strict --noEmit`
//   (skipLibCheck off, so the package's own .d.ts files are checked too)
//   against the tarball installed in a throwaway project, under module
//   nodenext, under moduleResolution bundler, and under bundler with the
//   Workers conditions; every `// @ts-expect-error` line must be an error;
// - attw (Are the Types Wrong?) and publint inspect the tarball itself.
import assert from 'node:assert/strict';
import { copyFileSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { runAllowingFailure } from '../support/exec.mjs';
import { installTarball } from '../support/tarball.mjs';
import { bin, importTool } from '../support/tools.mjs';

const HERE = new URL('.', import.meta.url).pathname;
const PACKAGE = 'node_modules/callingbox-webhooks/';

let project;

// The type tests of the receivers (issue 17): the router's events narrowed
// per type, the Node entries, and the same from CommonJS.
const RECEIVERS = ['router.ts', 'receivers.ts', 'receivers.cts'];

before(async () => {
  project = await installTarball('types', { packageJson: { type: 'module' } });
  for (const file of readdirSync(HERE).filter((f) => /\.c?ts$/.test(f))) copyFileSync(join(HERE, file), join(project.dir, file));
});

after(() => project?.remove());

const BASE = {
  strict: true,
  noEmit: true,
  target: 'es2022',
  // esnext.disposable: the generated classes declare [Symbol.dispose]
  // (see the lib-compat test for projects without it).
  lib: ['es2022', 'dom', 'dom.iterable', 'esnext.disposable'],
  types: [],
  // The package's .d.ts files are checked (skipLibCheck off); TypeScript's
  // own lib files are not, which saves most of the time.
  skipLibCheck: false,
  skipDefaultLibCheck: true,
  forceConsistentCasingInFileNames: true,
};

/** Runs tsc on `files` with `options`; resolves { ok, diagnostics, files }. */
async function tsc(name, options, files) {
  const config = `tsconfig.${name}.json`;
  writeFileSync(join(project.dir, config), JSON.stringify({ compilerOptions: { ...BASE, ...options }, files }, null, 2));
  const result = await runAllowingFailure(bin('tsc'), ['-p', config, '--strict', '--noEmit', '--listFiles', '--pretty', 'false'], {
    cwd: project.dir,
    timeoutMs: 120_000,
  });
  const lines = result.stdout.split('\n').filter(Boolean);
  const diagnostics = lines.filter((l) => /error TS\d+/.test(l) || /^\s/.test(l)).join('\n');
  const listed = lines.filter((l) => l.includes(PACKAGE)).map((l) => l.slice(l.indexOf(PACKAGE) + PACKAGE.length));
  return { ok: result.code === 0, diagnostics: diagnostics || result.stderr, files: listed, code: result.code };
}

function assertCompiles(outcome, declarationFiles) {
  assert.ok(outcome.ok, `tsc reported:\n${outcome.diagnostics}`);
  for (const file of declarationFiles) assert.ok(outcome.files.includes(file), `tsc never read ${PACKAGE}${file}; it read ${outcome.files.join(', ')}`);
}

test('tsc in this harness rejects a wrong call that has no @ts-expect-error (control)', async () => {
  const outcome = await tsc('control', { module: 'nodenext', moduleResolution: 'nodenext' }, ['control.ts']);
  assert.equal(outcome.ok, false, 'control.ts compiled');
  assert.match(outcome.diagnostics, /control\.ts\(5,\d+\): error TS2345/);
});

test('correct usage compiles and every wrong usage is rejected under module nodenext (ESM .ts and CommonJS .cts)', async () => {
  const outcome = await tsc('nodenext', { module: 'nodenext', moduleResolution: 'nodenext' }, ['usage.ts', 'verify-entry.ts', 'commonjs.cts', ...RECEIVERS]);
  assertCompiles(outcome, ['index.d.ts', 'verify.d.ts', 'index.d.cts', 'verify.d.cts', 'router/index.d.ts', 'router/index.d.cts', 'node/express.d.cts']);
});

test('correct usage compiles and every wrong usage is rejected under moduleResolution bundler', async () => {
  const outcome = await tsc('bundler', { module: 'esnext', moduleResolution: 'bundler' }, ['usage.ts', 'verify-entry.ts', 'router.ts', 'receivers.ts']);
  assertCompiles(outcome, ['index.d.ts', 'verify.d.ts', 'router/index.d.ts', 'node/fastify.d.ts']);
});

test('correct usage compiles under moduleResolution bundler with the Workers conditions (workerd, worker, browser)', async () => {
  const outcome = await tsc(
    'workerd',
    { module: 'esnext', moduleResolution: 'bundler', customConditions: ['workerd', 'worker', 'browser'] },
    ['usage.ts', 'verify-entry.ts', 'router.ts'],
  );
  assertCompiles(outcome, ['index.d.ts', 'verify.d.ts', 'router/index.d.ts']);
});

test('the receivers (router, node, express, fastify) type-check under moduleResolution node10, which ignores exports', async () => {
  const outcome = await tsc('node10', { module: 'commonjs', moduleResolution: 'node10' }, ['receivers-node10.ts']);
  assertCompiles(outcome, ['router/index.d.ts', 'node/index.d.ts', 'node/express.d.cts', 'node/fastify.d.cts']);
});

test('correct usage compiles under the old node10 resolution, which ignores exports (package.json "types"; verify.d.ts beside the verify/ folder)', async () => {
  const outcome = await tsc('node10', { module: 'commonjs', moduleResolution: 'node10', ignoreDeprecations: '5.0' }, ['node10.ts']);
  assertCompiles(outcome, ['index.d.cts', 'verify.d.ts']);
});

test('the declarations compile in a project whose lib lacks esnext.disposable, with skipLibCheck off', async () => {
  const outcome = await tsc('lib-es2022', { module: 'nodenext', moduleResolution: 'nodenext', lib: ['es2022', 'dom'] }, ['lib-compat.ts']);
  assertCompiles(outcome, ['index.d.ts', 'verify.d.ts']);
});

test('the error classes can be constructed in TypeScript with the (message, props) errors.js accepts', async () => {
  const outcome = await tsc('error-classes', { module: 'nodenext', moduleResolution: 'nodenext' }, ['error-classes.ts']);
  assertCompiles(outcome, ['index.d.ts']);
});

test('attw (Are the Types Wrong?) finds no problem in the packed tarball', async () => {
  const result = await runAllowingFailure(bin('attw'), [project.tarball, '--format', 'json', '--profile', 'strict'], {
    cwd: project.dir,
    timeoutMs: 120_000,
  });
  let report;
  try {
    report = JSON.parse(result.stdout);
  } catch {
    assert.fail(`attw printed no JSON (exit ${result.code}):\n${result.stdout}\n${result.stderr}`);
  }
  const problems = report.problems ?? report.analysis?.problems;
  assert.ok(Array.isArray(problems) || (problems && typeof problems === 'object'), `unexpected attw output: ${result.stdout.slice(0, 500)}`);
  const list = Array.isArray(problems) ? problems : Object.values(problems).flat();
  assert.deepEqual(list, [], `attw problems:\n${JSON.stringify(list, null, 2)}`);
  assert.equal(result.code, 0);
  const entrypoints = Object.keys(report.analysis?.entrypoints ?? {});
  assert.ok(entrypoints.includes('.') && entrypoints.includes('./verify'), `attw checked ${entrypoints.join(', ')}`);
});

test('publint finds no problem, and no suggestion besides keeping the legacy browser field, in the packed tarball', async () => {
  const { publint } = await importTool('publint');
  const { formatMessage } = await importTool('publint/utils');
  const bytes = readFileSync(project.tarball);
  const tarball = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
  const { messages, pkg } = await publint({ pack: { tarball }, level: 'suggestion', strict: true });
  assert.equal(pkg.name, 'callingbox-webhooks');
  // The one deliberate exception: the legacy string "browser" field is kept
  // beside exports[…].browser for resolvers that ignore exports (Parcel's
  // default); publint suggests dropping it.
  const deliberate = messages.filter((m) => m.code === 'USE_EXPORTS_BROWSER');
  assert.equal(deliberate.length, 1, 'the legacy browser field is gone: drop this exception');
  assert.deepEqual(
    messages.filter((m) => !deliberate.includes(m)).map((m) => `${m.type}: ${formatMessage(m, pkg) ?? m.code}`),
    [],
  );
});
