// Client-side fixtures: the shared page sources, the app's own build script
// (`npm run build`, i.e. the bundler's CLI and the app's config) under a
// given Node major, and the built site served statically.
import { cpSync } from 'node:fs';
import { join } from 'node:path';
import { after, before } from 'node:test';
import { run } from '../../support/exec.mjs';
import { serveStatic } from '../../support/static-server.mjs';
import { appEnv, assertNodeMajor } from './node.mjs';

const BROWSER_APP = new URL('../apps/browser-app/', import.meta.url).pathname;

/** A useFixture `prepare`: puts the shared page (browser-app/*.js) in the app's src/. */
export function addBrowserApp(dir) {
  cpSync(BROWSER_APP, join(dir, 'src'), { recursive: true });
}

/** Runs `npm run <script>` in the installed app under Node `major`; resolves everything it printed. */
export async function runScript(installed, script, { major = 24, env = {}, timeoutMs = 300_000 } = {}) {
  await assertNodeMajor(major);
  const { stdout, stderr } = await run('npm', ['run', script], { cwd: installed.dir, env: appEnv(major, env), timeoutMs });
  return stdout + stderr;
}

/**
 * Builds the installed app (`npm run build` under Node `major`) before the
 * tests of the enclosing describe() and serves its folder `root` statically.
 * Returns an object filled in by then: `log` (the build's output) and `url`
 * (ends with a slash).
 */
export function useBuiltSite(installed, { major = 24, root, script = 'build' }) {
  const state = {};
  before(async () => {
    state.log = await runScript(installed, script, { major });
    state.server = await serveStatic(join(installed.dir, root));
    state.url = state.server.url;
  });
  after(() => state.server?.close());
  return state;
}
