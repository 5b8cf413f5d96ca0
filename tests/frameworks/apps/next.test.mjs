// Next.js 16: one app (app/webhooks/{node,edge,node-router,edge-router} and
// a client component at /signature-check) built twice, with Turbopack (the
// default) and with `next build --webpack`, each time as `output:
// 'standalone'` moved to another folder the way a Docker image ships it, and
// served by its server.js on Node 24.
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { run } from '../../support/exec.mjs';
import { assertPageVerdicts, useChromium } from '../lib/browser.mjs';
import { assertNoWasmNoise } from '../lib/build-log.mjs';
import { appEnv } from '../lib/node.mjs';
import { startServer } from '../lib/server.mjs';
import { itReceives, useFixture } from '../lib/suite.mjs';

const installed = useFixture(import.meta.url, 'next');
const chromium = useChromium();
// The router routes create their Webhooks when the module loads, and `next
// build` loads route modules: the secret must be set at build time too.
const ENV = { NEXT_TELEMETRY_DISABLED: '1', HOSTNAME: '127.0.0.1' };

for (const bundler of ['Turbopack', 'webpack']) {
  describe(`Next.js 16 built with ${bundler}, standalone output moved elsewhere (Node 24)`, () => {
    const state = {};
    before(async () => {
      const args = ['build', ...(bundler === 'webpack' ? ['--webpack'] : [])];
      const { stdout, stderr } = await run(join(installed.dir, 'node_modules/.bin/next'), args, { cwd: installed.dir, env: appEnv(24, ENV), timeoutMs: 600_000 });
      state.log = stdout + stderr;
      state.deployed = mkdtempSync(join(tmpdir(), `callingbox webhooks-next-${bundler}-`));
      cpSync(join(installed.dir, '.next/standalone'), state.deployed, { recursive: true, verbatimSymlinks: true });
      cpSync(join(installed.dir, '.next/static'), join(state.deployed, '.next/static'), { recursive: true });
      state.server = await startServer({ cwd: state.deployed, command: 'node', args: ['server.js'], env: appEnv(24, ENV), ready: /Ready in/ });
    });
    after(async () => {
      await state.server?.stop();
      if (state.deployed) rmSync(state.deployed, { recursive: true, force: true });
    });
    const app = { get server() { return state.server; } };

    it(`next build${bundler === 'webpack' ? ' --webpack' : ''} prints no wasm-related error or warning`, (t) => {
      assert.match(state.log, new RegExp(`Next\\.js 16\\.\\d+\\.\\d+ \\(${bundler}\\)`), state.log);
      assertNoWasmNoise(state.log, 'the build log');
      t.diagnostic(`its warnings: ${state.log.split('\n').filter((l) => l.startsWith('⚠')).join(' | ') || 'none'}`);
    });

    itReceives('a Node.js route handler with verifyRequest (main entry) answers 200/400/400', installed, app, '/webhooks/node');
    itReceives('an edge route handler with verifyRequest (verify entry) answers 200/400/400', installed, app, '/webhooks/edge');
    itReceives('a Node.js route handler with the router answers 200/400/400 and a repeat as a duplicate', installed, app, '/webhooks/node-router', { router: true });
    itReceives('an edge route handler with the router answers 200/400/400 and a repeat as a duplicate', installed, app, '/webhooks/edge-router', { router: true });

    it('a client component, rendered on the server and hydrated in Chromium, verifies deliveries in the page', async () => {
      await assertPageVerdicts(chromium.browser, `${state.server.url}/signature-check`, installed.signPayload);
    });

    it('the server printed no wasm-related warning while it answered', () => {
      assertNoWasmNoise(state.server.output(), 'the server output');
    });
  });
}
