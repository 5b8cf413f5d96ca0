// examples/deno and examples/bun installed from their committed locks (the
// package from the packed tarball) with `npm ci` on Node 20, 22 and 24, and
// with `bun install` for Bun (it reads package-lock.json); each install
// then serves the example: a signed delivery 200, a tampered or unsigned one
// 400, the same event again as a duplicate. (tests/e2e runs both examples
// through the whole emulator scenario.)
import assert from 'node:assert/strict';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { exerciseReceiver } from '../frameworks/lib/deliveries.mjs';
import { BUN } from '../e2e/lib/paths.mjs';
import { startBun, startDeno } from '../e2e/lib/receivers.mjs';
import { freePort } from '../e2e/lib/util.mjs';
import { importPackage, installExample } from '../scale/lib/example.mjs';
import { run } from '../support/exec.mjs';
import { NODE_MAJORS } from '../support/node-versions.mjs';
import { REPO } from '../support/tools.mjs';

const SECRET = 'whsec_deno_bun_example_test_secret';
const installs = [];
after(() => installs.forEach((installed) => installed.remove()));

async function install(example, options) {
  const installed = await installExample({ ...options, example: join(REPO, 'examples', example) });
  installs.push(installed);
  return installed;
}

/** Serves the installed example with `start` and checks its answers. */
async function exercise(installed, start) {
  const { signPayload } = await importPackage(installed);
  const server = await start({ dir: installed.dir, port: await freePort(), secrets: [SECRET] });
  try {
    await exerciseReceiver({ url: server.url, signPayload, output: () => server.logs.join('\n'), secret: SECRET, router: true });
  } finally {
    await server.stop();
  }
}

const installedVersion = (installed) =>
  JSON.parse(readFileSync(join(installed.dir, 'node_modules', 'callingbox-webhooks', 'package.json'), 'utf8')).version;

for (const [example, start] of [['deno', startDeno], ['bun', startBun]]) {
  describe(`The ${example === 'deno' ? 'Deno' : 'Bun'} example`, () => {
    for (const node of NODE_MAJORS) {
      it(`installs from its lock with \`npm ci\` on Node ${node} and serves signed, tampered and repeated deliveries`, async () => {
        const installed = await install(example, { node });
        assert.equal(installedVersion(installed), JSON.parse(readFileSync(join(REPO, 'pkg-template', 'package.json'), 'utf8')).version);
        await exercise(installed, start);
      });
    }
  });
}

describe('The Bun example with `bun install`', () => {
  it('installs the package from the committed package-lock.json and serves signed, tampered and repeated deliveries', async () => {
    // installExample's `npm ci` gives a copy whose lock points at the tarball;
    // bun then installs that copy afresh from the lock.
    const installed = await install('bun', {});
    rmSync(join(installed.dir, 'node_modules'), { recursive: true });
    const { stdout, stderr } = await run(BUN, ['install'], { cwd: installed.dir, timeoutMs: 60_000 });
    assert.match(stdout + stderr, /migrated lockfile from package-lock\.json/);
    assert.match(stdout + stderr, /callingbox-webhooks@/);
    await exercise(installed, startBun);
  });
});
