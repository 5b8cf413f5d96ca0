// Vitest 5, the app's own test files run by its CLI on Node 24 (Vitest 5
// needs 22.12 or later): the receiver (the router) in the node environment,
// the browser-side signature check in jsdom.
import { describe, it } from 'node:test';
import { addBrowserApp } from '../lib/site.mjs';
import { useFixture } from '../lib/suite.mjs';
import { assertAllPassed, runTestRunner } from '../lib/test-runner.mjs';

// src/check-delivery.js is the browser fixtures' (browser-app/).
const installed = useFixture(import.meta.url, 'vitest', { prepare: addBrowserApp });

describe('Vitest 5 on Node 24', () => {
  it('runs the app’s tests in the node and jsdom environments, and every one passes', async () => {
    const run = await runTestRunner(installed, 'vitest', ['run', '--reporter=json', '--outputFile=vitest-report.json'], { major: 24, report: 'vitest-report.json' });
    assertAllPassed(run, [
      'receiver.test.js: the receiver answers a signed delivery 200, a tampered one 400 no_matching_signature, an unsigned one 400 missing_header',
      'check-delivery.test.js: the signature check answers a signed delivery 200, a tampered one 400 no_matching_signature, an unsigned one 400 missing_header',
      'check-delivery.test.js: the test runs in jsdom',
    ]);
  });
});
