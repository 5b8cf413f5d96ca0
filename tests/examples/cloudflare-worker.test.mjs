// examples/cloudflare-worker installed from its committed lock (the newest
// wrangler, which needs Node 22 or later) with the packed tarball: on Node
// 24 and 22 it deploys (dry run) and serves under `wrangler dev`; on Node 20
// that wrangler refuses to start, as the README warns (Node 20 users install
// wrangler 4.86: cloudflare-worker-node20.test.mjs).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { dryRun, wrangler } from '../scale/lib/deploy.mjs';
import { assertWorkerDeployable, exerciseUnderWranglerDev, installWorkerExample, wranglerVersion } from './lib/worker-example.mjs';

describe('The Cloudflare Worker example from its lock (the newest wrangler)', () => {
  const ctx = {};
  before(async () => {
    ctx.installed = await installWorkerExample();
  });
  after(() => ctx.installed?.remove());

  for (const node of [24, 22]) {
    it(`deploys with \`wrangler deploy --dry-run\` on Node ${node}, bundling the verify-only entry and binding its KV namespace`, async (t) => {
      t.diagnostic(`wrangler ${await wranglerVersion(ctx.installed, node)} from the lock`);
      assertWorkerDeployable(await dryRun(ctx.installed, node, `dist-node${node}`), t);
    });

    it(`answers under \`wrangler dev\` on Node ${node} a signed delivery 200, a tampered or unsigned one 400, and the same event again as a duplicate`, async () => {
      await exerciseUnderWranglerDev(ctx.installed, node);
    });
  }

  it('refuses Node 20 with a message naming the Node version it needs, as the README says', async () => {
    const failure = await wrangler(ctx.installed, 20, ['--version']).then(() => null, (error) => error);
    assert.ok(failure, 'the lock\'s wrangler started on Node 20: the README\'s Node 20 note is out of date');
    assert.match(`${failure.stdout}${failure.stderr}`, /requires at least Node\.js v22/);
  });
});
