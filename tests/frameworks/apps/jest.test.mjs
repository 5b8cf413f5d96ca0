// Jest 30, the app's own test files run by its CLI on Node 24 and Node 20:
// the receiver (the router, required from CommonJS) in the node environment,
// the browser-side signature check in jsdom (the "browser" + "require"
// conditions, no TextEncoder/TextDecoder).
import { describe, it } from 'node:test';
import { assertAllPassed, runTestRunner } from '../lib/test-runner.mjs';
import { useFixture } from '../lib/suite.mjs';

const installed = useFixture(import.meta.url, 'jest');
const TESTS = [
  'receiver.test.js: the receiver answers a signed delivery 200, a tampered one 400 no_matching_signature, an unsigned one 400 missing_header',
  'receiver.test.js: require() in the node environment gets the Node CommonJS files',
  'signature-check.test.js: the signature check answers a signed delivery 200, a tampered one 400 no_matching_signature, an unsigned one 400 missing_header',
  'signature-check.test.js: the test runs in jsdom, without TextEncoder and TextDecoder',
];

for (const major of [24, 20]) {
  describe(`Jest 30 on Node ${major}`, () => {
    it('runs the app’s tests in the node and jsdom environments, and every one passes', async () => {
      const run = await runTestRunner(installed, 'jest', ['--ci', '--json', '--outputFile=jest-report.json'], { major, report: 'jest-report.json' });
      assertAllPassed(run, TESTS);
    });
  });
}
