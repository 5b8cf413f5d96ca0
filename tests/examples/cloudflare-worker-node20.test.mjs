// examples/cloudflare-worker on Node 20, the package's oldest supported
// major, installed as its README tells Node 20 users to: the package and
// wrangler 4.86 (the last wrangler that runs there). It deploys (dry run)
// and serves under `wrangler dev`.
import { after, before, describe, it } from 'node:test';
import { dryRun } from '../scale/lib/deploy.mjs';
import { assertWorkerDeployable, exerciseUnderWranglerDev, installWorkerExample, NODE20_WRANGLER, wranglerVersion } from './lib/worker-example.mjs';

describe(`The Cloudflare Worker example on Node 20 with wrangler ${NODE20_WRANGLER}`, () => {
  const ctx = {};
  before(async () => {
    ctx.installed = await installWorkerExample({ node: 20, wrangler: NODE20_WRANGLER });
  });
  after(() => ctx.installed?.remove());

  it('deploys with `wrangler deploy --dry-run`, bundling the verify-only entry and binding its KV namespace', async (t) => {
    t.diagnostic(`wrangler ${await wranglerVersion(ctx.installed, 20)}`);
    assertWorkerDeployable(await dryRun(ctx.installed, 20, 'dist'), t);
  });

  it('answers under `wrangler dev` a signed delivery 200, a tampered or unsigned one 400, and the same event again as a duplicate', async () => {
    await exerciseUnderWranglerDev(ctx.installed, 20);
  });
});
