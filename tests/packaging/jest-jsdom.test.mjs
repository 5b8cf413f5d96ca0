// Jest 30 with jsdom, from the packed tarball: before the package had a
// CommonJS file for the "browser" + "require" conditions and a
// TextEncoder/TextDecoder fallback, this failed with "Must use import to load
// ES Module" and then "TextDecoder is not defined". The Jest test file is
// fixtures/jsdom.test.cjs.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { runAllowingFailure } from '../support/exec.mjs';
import { installTarball } from '../support/tarball.mjs';
import { toolsOf } from '../support/tools.mjs';
import { fixtureFiles } from './expect.mjs';

let project;
let report;
let outcome;

before(async () => {
  project = await installTarball('jest-jsdom', { files: await fixtureFiles('jsdom.test.cjs') });
  const tools = toolsOf('tests/packaging');
  const config = { rootDir: project.dir, testEnvironment: tools.resolveTool('jest-environment-jsdom') };
  outcome = await runAllowingFailure(tools.bin('jest'), ['--ci', '--json', '--config', JSON.stringify(config)], { cwd: project.dir, timeoutMs: 120_000 });
  try {
    report = JSON.parse(outcome.stdout);
  } catch {
    report = null;
  }
});

after(() => project?.remove());

test('Jest with jsdom runs the fixture\'s tests against the tarball and every one passes', () => {
  assert.ok(report, `jest printed no JSON report (exit ${outcome.code}):\n${outcome.stdout}\n${outcome.stderr}`);
  const results = report.testResults.flatMap((file) => file.assertionResults.map((a) => `${a.status}: ${a.title}${a.failureMessages.length ? `\n${a.failureMessages.join('\n')}` : ''}`));
  const failures = results.filter((r) => !r.startsWith('passed'));
  assert.deepEqual(failures, [], `jest:\n${results.join('\n')}\n${report.testResults.map((f) => f.message).join('\n')}`);
  assert.equal(report.numPassedTests, 6, `jest ran ${report.numTotalTests} tests:\n${results.join("\n")}\n${report.testResults.map((f) => f.message).join("\n")}`);
  assert.equal(outcome.code, 0);
});
