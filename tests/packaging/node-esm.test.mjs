// Node ESM: `import` of the packed tarball, both entries, in a fresh project.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { run } from '../support/exec.mjs';
import { installTarball } from '../support/tarball.mjs';
import { checkExercise, fixtureFiles, parseResult } from './expect.mjs';

let project;
let outcome;

before(async () => {
  project = await installTarball('node-esm', { packageJson: { type: 'module' }, files: await fixtureFiles('esm-main.mjs') });
  // One Node process imports both entries; each test checks its part.
  outcome = run(process.execPath, ['esm-main.mjs'], { cwd: project.dir }).then(({ stdout, stderr }) => ({
    result: parseResult(stdout, 'node esm-main.mjs'),
    stderr,
  }));
  outcome.catch(() => {});
});

after(() => project?.remove());

test('a Node ESM project imports the packed tarball and verifies a signature it signed', async () => {
  const { result, stderr } = await outcome;
  assert.match(result.resolved.main, /\/node_modules\/callingbox-webhooks\/node\.js$/, 'the "node"+"import" condition picks node.js');
  checkExercise(result.main, '.', 'Node ESM');
  assert.equal(stderr, '', 'loading and using the package prints nothing (no wasm-bindgen deprecation warning)');
});

test('a Node ESM project imports callingbox-webhooks/verify and verifies a signature it signed', async () => {
  const { result } = await outcome;
  assert.match(result.resolved.verify, /\/node_modules\/callingbox-webhooks\/verify-node\.js$/);
  checkExercise(result.verify, './verify', 'Node ESM');
});
