// Node CommonJS: `require` of the packed tarball, both entries, in a fresh
// project whose package.json says nothing about module type.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { run } from '../support/exec.mjs';
import { installTarball } from '../support/tarball.mjs';
import { checkExercise, fixtureFiles, parseResult } from './expect.mjs';

let project;
let outcome;

before(async () => {
  project = await installTarball('node-cjs', { files: await fixtureFiles('cjs-main.cjs') });
  outcome = run(process.execPath, ['cjs-main.cjs'], { cwd: project.dir }).then(({ stdout, stderr }) => ({
    result: parseResult(stdout, 'node cjs-main.cjs'),
    stderr,
  }));
  outcome.catch(() => {});
});

after(() => project?.remove());

test('a Node CommonJS project requires the packed tarball and verifies a signature it signed', async () => {
  const { result, stderr } = await outcome;
  assert.match(result.resolved.main, /\/node_modules\/callingbox-webhooks\/node\.cjs$/, 'the "node"+"require" condition picks node.cjs');
  checkExercise(result.main, '.', 'Node CJS');
  assert.equal(stderr, '', 'loading and using the package prints nothing');
});

test('a Node CommonJS project requires callingbox-webhooks/verify and verifies a signature it signed', async () => {
  const { result } = await outcome;
  assert.match(result.resolved.verify, /\/node_modules\/callingbox-webhooks\/verify-node\.cjs$/);
  checkExercise(result.verify, './verify', 'Node CJS');
});
