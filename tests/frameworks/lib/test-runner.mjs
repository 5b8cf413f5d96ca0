// Test-runner fixtures (Jest, Vitest): the app's own test files run by the
// runner's CLI with its JSON reporter (both write the same shape), and the
// checks on that report: every expected test ran and passed, nothing else.
import assert from 'node:assert/strict';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { runAllowingFailure } from '../../support/exec.mjs';
import { appEnv, assertNodeMajor } from './node.mjs';

/**
 * Runs `node_modules/.bin/<runner> ...args` in the installed app under Node
 * `major`; `args` must make it write its JSON report to `report` (a file
 * name in the app). Resolves { code, output, report }.
 */
export async function runTestRunner(installed, runner, args, { major, report }) {
  await assertNodeMajor(major);
  const reportPath = join(installed.dir, report);
  rmSync(reportPath, { force: true });
  const result = await runAllowingFailure(join(installed.dir, 'node_modules/.bin', runner), args, { cwd: installed.dir, env: appEnv(major, { CI: '1' }), timeoutMs: 180_000 });
  const output = `${result.stdout}${result.stderr}`;
  let parsed;
  try {
    parsed = JSON.parse(readFileSync(reportPath, 'utf8'));
  } catch {
    assert.fail(`${runner} wrote no JSON report (exit ${result.code}):\n${output}`);
  }
  return { code: result.code, output, report: parsed };
}

/** The report lists exactly `titles` (file name: test title), all passed, and the runner exited 0. */
export function assertAllPassed({ code, output, report }, titles) {
  const results = report.testResults.flatMap((file) =>
    file.assertionResults.map((a) => ({ name: `${file.name.split('/').pop()}: ${a.title}`, status: a.status, failures: a.failureMessages ?? [] })),
  );
  const failed = results.filter((r) => r.status !== 'passed');
  assert.deepEqual(failed.map((r) => `${r.name}\n${r.failures.join('\n')}`), [], `failed tests:\n${output}`);
  assert.deepEqual(results.map((r) => r.name).sort(), [...titles].sort(), `the tests that ran:\n${output}`);
  const fileErrors = report.testResults.filter((file) => file.status !== 'passed').map((file) => `${file.name}: ${file.message}`);
  assert.deepEqual(fileErrors, [], 'test files that failed to run');
  assert.equal(code, 0, output);
}
