// callingbox-webhooks/testing used the way users use it: a real Vitest file
// (Node 24, ESM, TypeScript), a real Jest file (Node 20, CommonJS) and a
// node:test file, in a project with the packed tarball installed. The
// project is tests/cli/consumer: its committed lock file pins vitest and
// jest; their install is cached in tests/cli/consumer/node_modules (`make
// setup` makes it; this suite makes it when it is missing or stale) and each
// run gets a fresh hard-linked copy plus the tarball.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { after, before, test } from 'node:test';
import { run, runAllowingFailure } from '../support/exec.mjs';
import { FIXTURE_NODE_MAJOR, envFor } from '../support/node-versions.mjs';
import { tarballPath } from '../support/tarball.mjs';
import { REPO, bin } from '../support/tools.mjs';

const CONSUMER = join(REPO, 'tests/cli/consumer');
let dir;

/** npm ci in tests/cli/consumer unless its node_modules matches the lock (the stamp setup.sh writes). */
async function ensureConsumerInstall() {
  const stamp = join(CONSUMER, 'node_modules/.installed-lock-sha');
  const want = createHash('sha256').update(readFileSync(join(CONSUMER, 'package-lock.json'))).digest('hex');
  if (existsSync(stamp) && readFileSync(stamp, 'utf8').trim() === want) return;
  await run('npm', ['ci', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error'], { cwd: CONSUMER, timeoutMs: 300_000 });
  writeFileSync(stamp, `${want}\n`);
}

before(async () => {
  await ensureConsumerInstall();
  dir = mkdtempSync(join(tmpdir(), 'callingbox webhooks-testing-entry-'));
  cpSync(CONSUMER, dir, { recursive: true, filter: (path) => basename(path) !== 'node_modules' });
  // Hard links: a fresh tree in a second; npm replaces, never rewrites, the files it changes.
  await run('cp', ['-al', join(CONSUMER, 'node_modules'), join(dir, 'node_modules')]);
  rmSync(join(dir, 'node_modules/.package-lock.json'), { force: true });
  rmSync(join(dir, 'node_modules/.installed-lock-sha'), { force: true });
  await run('npm', ['install', '--no-save', '--no-audit', '--no-fund', '--offline', '--loglevel=error', tarballPath()], { cwd: dir, timeoutMs: 120_000 });
});

after(() => {
  if (process.env.KEEP_FIXTURES === '1') console.log(`# kept ${dir}`);
  else if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Runs a test runner that writes a JSON report; resolves the report. */
async function runReport(command, args, { env, report }) {
  const result = await runAllowingFailure(command, args, { cwd: dir, env, timeoutMs: 180_000 });
  let parsed;
  try {
    parsed = JSON.parse(readFileSync(join(dir, report), 'utf8'));
  } catch {
    assert.fail(`${command} ${args.join(' ')} wrote no report (exit ${result.code}):\n${result.stdout}\n${result.stderr}`);
  }
  return { ...result, report: parsed };
}

const failures = (report) => report.testResults.flatMap((file) => file.assertionResults.filter((t) => t.status !== 'passed').map((t) => `${t.fullName ?? t.title}: ${t.failureMessages.join('\n')}`));

test('a Vitest file (Node 24, ESM, TypeScript) tests a Fetch handler with signed fixtures and the in-process emulator', async () => {
  const { code, report, stderr } = await runReport('node_modules/.bin/vitest', ['run', '--dir', 'vitest', '--reporter=json', '--outputFile=vitest-report.json'], {
    env: envFor(FIXTURE_NODE_MAJOR),
    report: 'vitest-report.json',
  });
  assert.deepEqual(failures(report), [], stderr);
  assert.equal(report.numPassedTests, 7);
  assert.equal(code, 0);
});

test('a Jest file (Node 20, CommonJS require) tests a Node server with signed deliveries and the in-process emulator', async () => {
  const { code, report, stderr } = await runReport('node_modules/.bin/jest', ['--json', '--outputFile=jest-report.json'], {
    env: {},
    report: 'jest-report.json',
  });
  assert.deepEqual(failures(report), [], stderr);
  assert.equal(report.numPassedTests, 5);
  assert.equal(code, 0);
  assert.doesNotMatch(stderr, /did not exit|open handles/i, 'close() leaves nothing running');
});

test(`a node:test file (Node ${process.versions.node.split('.')[0]}, ESM) uses the testing entry without a framework`, async () => {
  // Without NODE_TEST_CONTEXT, which would make it report to this runner
  // instead of printing. The file is named: Node 22+ reads `--test`'s
  // arguments as globs, where a folder matches itself, not its files.
  const result = await runAllowingFailure(process.execPath, ['--test', '--test-reporter=tap', 'node-test/webhooks.test.mjs'], { cwd: dir, env: { NODE_TEST_CONTEXT: undefined }, timeoutMs: 60_000 });
  assert.equal(result.code, 0, result.stdout + result.stderr);
  assert.match(result.stdout, /^# pass 2$/m);
});

test('the types generated from the JSDoc accept correct usage and reject wrong usage (tsc --strict, nodenext)', async () => {
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({
    compilerOptions: { strict: true, noEmit: true, module: 'nodenext', moduleResolution: 'nodenext', target: 'es2022', lib: ['es2022', 'dom'], types: ['node'], skipLibCheck: true },
    files: ['typecheck/usage.mts', 'vitest/webhooks.test.mts'],
  }));
  const result = await runAllowingFailure(bin('tsc'), ['-p', 'tsconfig.json', '--pretty', 'false'], { cwd: dir, timeoutMs: 120_000 });
  assert.equal(result.code, 0, result.stdout + result.stderr);
  // Control: without the @ts-expect-error comments, each of those lines is an error.
  const unguarded = readFileSync(join(dir, 'typecheck/usage.mts'), 'utf8').replace(/\/\/ @ts-expect-error.*\n/g, '');
  writeFileSync(join(dir, 'typecheck/usage.mts'), unguarded);
  const control = await runAllowingFailure(bin('tsc'), ['-p', 'tsconfig.json', '--pretty', 'false'], { cwd: dir, timeoutMs: 120_000 });
  assert.equal((control.stdout.match(/typecheck\/usage\.mts\(\d+,\d+\): error TS/g) ?? []).length, 6, control.stdout);
});
