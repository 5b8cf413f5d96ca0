// examples/cloudflare-scale on Node 20, the package's oldest supported
// major: the newest wrangler needs Node 22, so the README sends Node 20
// users to wrangler 4.86. With it the example deploys (dry run) and runs
// under `wrangler dev`. (Node 22 and 24, from the committed lock, are in
// workerd.test.mjs.)
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { freePort } from '../e2e/lib/util.mjs';
import { deliver, planDeliveries, sendJobs } from './lib/deliveries.mjs';
import { assertDeployable, dryRun } from './lib/deploy.mjs';
import { importPackage, installExample, NODE20_WRANGLER, startWranglerDev, writeFixture } from './lib/example.mjs';
import { groupRuns, settledRuns, testApi } from './lib/records.mjs';

const SECRET = 'whsec_scale_node20_test_secret';

describe(`The scale example on Node 20 with wrangler ${NODE20_WRANGLER}`, () => {
  const ctx = {};
  before(async () => {
    ctx.installed = await installExample({ node: 20, wrangler: NODE20_WRANGLER });
  });
  after(async () => {
    await ctx.worker?.stop();
    ctx.installed?.remove();
  });

  it('deploys (dry run), bundling the verify-only entry', async (t) => {
    assertDeployable(await dryRun(ctx.installed, 20, 'dist'), t);
  });

  it('handles each of 40 events once from 100 deliveries under `wrangler dev`, same-instant copies included', async () => {
    const { signPayload } = await importPackage(ctx.installed);
    const config = writeFixture(ctx.installed, { vars: { RETRY_BASE_SECONDS: '1' } });
    ctx.worker = await startWranglerDev(ctx.installed, { config, port: await freePort(), secret: SECRET });
    await testApi(ctx.worker.url, '/__test/setup', {});
    const { events, jobs } = planDeliveries({ events: 40, deliveries: 100, seed: 20 });
    await testApi(ctx.worker.url, '/__test/plan', { [events[0].id]: 'first' });
    const sign = (body) => signPayload(body, SECRET);
    const answers = await sendJobs(jobs, events, { url: `${ctx.worker.url}/`, sign, inFlight: 20 });
    const unexpected = answers.filter((answer) => answer.status !== 200 && answer.status !== 202);
    assert.deepEqual(unexpected, []);
    assert.equal(answers.filter((answer) => answer.status === 202).length, 40, 'each event queued once');
    const runs = groupRuns(await settledRuns(ctx.worker.url, events.map((event) => event.id)));
    for (const [index, event] of events.entries()) {
      assert.deepEqual(runs.get(event.id).map((run) => run.ok), index === 0 ? [0, 1] : [1], `runs of ${event.id}`);
    }
    assert.equal((await deliver(`${ctx.worker.url}/`, events[1], sign)).status, 200);
  });
});
