// Deno: `deno run` of an ESM script in a project whose node_modules npm
// filled from the packed tarball (Deno's "manual" node_modules mode). Deno's
// npm resolution uses the "deno", "node" and "import" conditions, so it
// loads deno.js (the "deno" condition comes first), which reads the .wasm
// with Deno.readFileSync (hence --allow-read) and imports no Node module.
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, test } from 'node:test';
import { run } from '../support/exec.mjs';
import { installTarball } from '../support/tarball.mjs';
import { bin } from '../support/tools.mjs';
import { checkExercise, fixtureFiles, parseResult } from './expect.mjs';

let project;
let denoDir;
let outcome;

before(async () => {
  project = await installTarball('deno', { packageJson: { type: 'module' }, files: await fixtureFiles('esm-main.mjs') });
  denoDir = mkdtempSync(join(tmpdir(), 'callingbox-deno-dir-'));
  outcome = run(bin('deno'), ['run', '--allow-read', '--node-modules-dir=manual', '--no-config', 'esm-main.mjs'], {
    cwd: project.dir,
    env: { DENO_DIR: denoDir, DENO_NO_UPDATE_CHECK: '1', DENO_NO_PROMPT: '1' },
    timeoutMs: 60_000,
  }).then(({ stdout, stderr }) => ({ result: parseResult(stdout, 'deno run esm-main.mjs'), stderr }));
  outcome.catch(() => {});
});

after(() => {
  project?.remove();
  if (denoDir) rmSync(denoDir, { recursive: true, force: true });
});

test('a Deno script imports the packed tarball from node_modules and verifies a signature it signed', async () => {
  const { result, stderr } = await outcome;
  assert.match(result.resolved.main, /\/node_modules\/callingbox-webhooks\/deno\.js$/, 'Deno resolves the "deno" condition');
  checkExercise(result.main, '.', 'Deno');
  assert.doesNotMatch(stderr, /warn|deprecated/i);
});

test('a Deno script imports callingbox-webhooks/verify and verifies a signature it signed', async () => {
  const { result } = await outcome;
  assert.match(result.resolved.verify, /\/node_modules\/callingbox-webhooks\/verify-deno\.js$/);
  checkExercise(result.verify, './verify', 'Deno');
});

test('deno check type-checks the TypeScript usage tests against the installed tarball', async () => {
  // tests/types/usage.ts and verify-entry.ts: correct usage must compile and
  // every `// @ts-expect-error` line must be an error, under Deno's own
  // strict TypeScript settings and its npm type resolution.
  for (const file of ['usage.ts', 'verify-entry.ts']) {
    copyFileSync(fileURLToPath(new URL(`../types/${file}`, import.meta.url)), join(project.dir, file));
  }
  await run(bin('deno'), ['check', '--node-modules-dir=manual', '--no-config', 'usage.ts', 'verify-entry.ts'], {
    cwd: project.dir,
    env: { DENO_DIR: denoDir, DENO_NO_UPDATE_CHECK: '1', DENO_NO_PROMPT: '1' },
    timeoutMs: 120_000,
  });
});
