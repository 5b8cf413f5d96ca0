// node:test lifecycles shared by the fixture tests: a fixture installed once
// per test file, and a fixture app served for the tests of one describe().
import { after, before, it } from 'node:test';
import { exerciseReceiver } from './deliveries.mjs';
import { installFixture } from './fixture.mjs';
import { appEnv, assertNodeMajor } from './node.mjs';
import { startServer } from './server.mjs';

/**
 * Installs the fixture folder `name` beside `testUrl` before the file's tests
 * (then calls `prepare(dir)`) and removes it after. Returns an object filled
 * in by then: `dir`, the installed package's `signPayload`, and `fixture`.
 */
export function useFixture(testUrl, name, { prepare = () => {} } = {}) {
  const state = {};
  before(async () => {
    state.fixture = await installFixture(new URL(`./${name}/`, testUrl).pathname);
    await prepare(state.fixture.dir);
    state.dir = state.fixture.dir;
    state.signPayload = state.fixture.requirePackage('/verify').signPayload;
  });
  after(() => state.fixture?.remove());
  return state;
}

/**
 * Serves the installed fixture with `command args` under Node `major` for
 * the tests of the enclosing describe(). Returns an object whose `server`
 * (see startServer) is set before they run.
 */
export function useServer(installed, { major, command = 'node', args, env = {}, ...options }) {
  const state = {};
  before(async () => {
    await assertNodeMajor(major);
    const resolvedCommand = typeof command === 'function' ? command(installed.dir) : command;
    state.server = await startServer({ cwd: installed.dir, command: resolvedCommand, args, env: appEnv(major, env), ...options });
  });
  after(() => state.server?.stop());
  return state;
}

/**
 * A test named `name` that sends a signed, a tampered and an unsigned
 * delivery to `path` of the served app and checks 200/400/400 (see
 * exerciseReceiver; `options.router` adds the duplicate check).
 */
export function itReceives(name, installed, app, path, options = {}) {
  it(name, () =>
    exerciseReceiver({ url: `${app.server.url}${path}`, signPayload: installed.signPayload, output: app.server.output, ...options }));
}
