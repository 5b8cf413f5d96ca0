// Hono on Cloudflare Workers: the fixture installed from its lock file with
// the packed tarball, served by `wrangler dev` (real workerd; wrangler 4
// needs Node 22 or later, so it runs on Node 24).
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import { run } from '../../support/exec.mjs';
import { SECRET } from '../lib/deliveries.mjs';
import { appEnv } from '../lib/node.mjs';
import { itReceives, useFixture, useServer } from '../lib/suite.mjs';

const installed = useFixture(import.meta.url, 'hono-workers', {
  // Where `wrangler dev` reads the Worker's secrets from.
  prepare: (dir) => writeFileSync(join(dir, '.dev.vars'), `CALLINGBOX_WEBHOOK_SECRET=${SECRET}\n`),
});
const WRANGLER_ENV = { WRANGLER_SEND_METRICS: 'false', CI: '1' };
const wrangler = (dir) => join(dir, 'node_modules/.bin/wrangler');

describe('Hono 4 on Workers under wrangler dev (Node 24)', () => {
  const app = useServer(installed, {
    major: 24,
    command: wrangler,
    args: ['dev', '--ip', '127.0.0.1', '--port', '{port}', '--inspector-port', '0', '--show-interactive-dev-session=false'],
    env: WRANGLER_ENV,
    ready: /Ready on http/,
    timeoutMs: 90_000,
  });

  it('wrangler deploy --dry-run bundles the verify entry’s wasm (workerd condition) and not the full client’s', async (t) => {
    const outdir = join(installed.dir, 'dist');
    await run(wrangler(installed.dir), ['deploy', '--dry-run', '--outdir', outdir], { cwd: installed.dir, env: appEnv(24, WRANGLER_ENV), timeoutMs: 120_000 });
    const files = readdirSync(outdir);
    const wasm = files.filter((f) => f.endsWith('.wasm'));
    assert.equal(wasm.length, 1, `bundled: ${files.join(', ')}`);
    assert.match(wasm[0], /callingbox_webhooks_verify_bg\.wasm$/);
    const gzip = files.filter((f) => /\.(m?js|wasm)$/.test(f)).reduce((sum, f) => sum + gzipSync(readFileSync(join(outdir, f)), { level: 9 }).length, 0);
    t.diagnostic(`the Hono Worker with verifyRequest and the router: ${files.join(' + ')}, ${gzip} B gzip`);
  });

  itReceives('verifyRequest(c.req.raw) answers a signed delivery 200 after the handler ran, a tampered or unsigned one 400', installed, app, '/webhooks/callingbox');

  itReceives('webhooks.handle(c.req.raw) answers 200/400/400 and a repeated delivery as a duplicate', installed, app, '/router/callingbox', { router: true });
});
