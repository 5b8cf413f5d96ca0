// Bun: runs an ESM script (import) and a CommonJS script (require) in a
// project with the packed tarball installed by npm. Bun's conditions are
// "bun", "node", "import"/"require", "default": it picks the Node entries.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { run } from '../support/exec.mjs';
import { installTarball } from '../support/tarball.mjs';
import { bin } from '../support/tools.mjs';
import { checkBoth, checkExercise, fixtureFiles, parseResult } from './expect.mjs';

let project;
let esm;
let cjs;

function bun(script) {
  const outcome = run(bin('bun'), [script], {
    cwd: project.dir,
    env: { BUN_INSTALL_CACHE_DIR: `${project.dir}/.bun-cache`, DO_NOT_TRACK: '1' },
    timeoutMs: 60_000,
  }).then(({ stdout, stderr }) => ({ result: parseResult(stdout, `bun ${script}`), stderr }));
  outcome.catch(() => {});
  return outcome;
}

before(async () => {
  project = await installTarball('bun', { packageJson: { type: 'module' }, files: await fixtureFiles('esm-main.mjs', 'cjs-main.cjs') });
  esm = bun('esm-main.mjs');
  cjs = bun('cjs-main.cjs');
});

after(() => project?.remove());

test('a Bun script imports the packed tarball and verifies a signature it signed', async () => {
  const { result, stderr } = await esm;
  assert.match(result.resolved.main, /\/node_modules\/callingbox-webhooks\/node\.js$/);
  checkExercise(result.main, '.', 'Bun ESM');
  assert.doesNotMatch(stderr, /warn|deprecated/i);
});

test('a Bun script imports callingbox-webhooks/verify and verifies a signature it signed', async () => {
  const { result } = await esm;
  assert.match(result.resolved.verify, /\/node_modules\/callingbox-webhooks\/verify-node\.js$/);
  checkExercise(result.verify, './verify', 'Bun ESM');
});

test('a Bun CommonJS script requires the packed tarball and verifies a signature it signed', async () => {
  const { result } = await cjs;
  assert.match(result.resolved.main, /\/node_modules\/callingbox-webhooks\/node\.cjs$/);
  checkBoth(result, 'Bun CJS');
});
