// Running fixture apps under a given Node major.
import assert from 'node:assert/strict';
import { run } from '../../support/exec.mjs';
import { envFor } from '../../support/node-versions.mjs';
import { SECRET } from './deliveries.mjs';

/** The environment of a fixture app under Node `major`, with the signing secret set. */
export function appEnv(major, extra = {}) {
  return { ...envFor(major), CALLINGBOX_WEBHOOK_SECRET: SECRET, ...extra };
}

/** Fails unless `node` under appEnv(major) is that major; resolves its version. */
export async function assertNodeMajor(major) {
  const { stdout } = await run('node', ['--version'], { env: appEnv(major) });
  assert.match(stdout.trim(), new RegExp(`^v${major}\\.`), `node under envFor(${major}) is ${stdout.trim()}`);
  return stdout.trim();
}
