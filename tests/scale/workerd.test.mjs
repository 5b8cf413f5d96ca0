// examples/cloudflare-scale installed from its committed lock, in real
// workerd under `wrangler dev` (Queues, Durable Objects and D1 run locally)
// with the recording fixture as its handler: every event is handled exactly
// once under concurrent duplicates, failures are retried with backoff and
// dead-lettered only after the last try, expired leases are taken over, and
// deliveries from the CallingBox emulator end `delivered`. The same install
// deploys (dry run) on Node 24 and 22.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { spawnEmulator } from '../emulator/spawn.mjs';
import { freePort, sleep, waitFor } from '../e2e/lib/util.mjs';
import { deliver, eventBody, percentile, planDeliveries, sendJobs } from './lib/deliveries.mjs';
import { assertNoOverlap, groupRuns, settledRuns, testApi } from './lib/records.mjs';
import { assertDeployable, dryRun, wrangler } from './lib/deploy.mjs';
import { exampleConfig, importPackage, installExample, startWranglerDev, writeFixture } from './lib/example.mjs';

const API_KEY = 'sk_test_emulator_key';
const SEED = Number(process.env.SCALE_SEED ?? Math.floor(Math.random() * 2 ** 31));
// The first retry waits 1 s, then 2, 4, 8 (the example's backoff, base 1 s).
const RETRY_BASE_SECONDS = 1;
const TRIES = exampleConfig().queues.consumers[0].max_retries + 1;

describe('The scale example in wrangler dev (workerd with Queues, Durable Objects and D1)', () => {
  const ctx = {};

  before(async () => {
    ctx.emulator = await spawnEmulator(['--port', '0', '--allow-http-localhost', '--time-scale', '2']);
    ctx.installed = await installExample();
    const { CallingBox, signPayload } = await importPackage(ctx.installed);
    ctx.client = new CallingBox({ apiKey: API_KEY, baseUrl: ctx.emulator.url });
    const port = await freePort();
    ctx.endpoint = await ctx.client.webhookEndpoints.create({ url: `http://127.0.0.1:${port}/`, enabled_events: ['*'] });
    ctx.sign = (body) => signPayload(body, ctx.endpoint.signing_secret);
    const config = writeFixture(ctx.installed, { vars: { RETRY_BASE_SECONDS: String(RETRY_BASE_SECONDS) } });
    ctx.worker = await startWranglerDev(ctx.installed, { config, port, secret: ctx.endpoint.signing_secret });
    ctx.url = `${ctx.worker.url}/`;
    await api(ctx, '/__test/setup', {});
  });

  after(async () => {
    await ctx.worker?.stop();
    await ctx.emulator?.stop();
    ctx.installed?.remove();
  });

  it('accepts with 202 an event whose handler will fail on every try', async () => {
    ctx.doomed = eventBody({ type: 'call.failed' });
    await api(ctx, '/__test/plan', { [ctx.doomed.id]: 'always' });
    const answer = await deliver(ctx.url, ctx.doomed, ctx.sign);
    assert.equal(answer.status, 202, answer.text);
    assert.deepEqual(JSON.parse(answer.text), { received: true });
  });

  // Placed here, it overlaps the failing event's retries.
  it('deploys with `wrangler deploy --dry-run` from the committed lock on Node 24 and 22, bundling the verify-only entry', async (t) => {
    const { stdout } = await wrangler(ctx.installed, 24, ['--version']);
    t.diagnostic(`wrangler ${stdout.trim()} from the lock`);
    for (const node of [24, 22]) assertDeployable(await dryRun(ctx.installed, node, `dist-node${node}`), t);
  });

  it('handles each of 300 events exactly once from 1,000 deliveries sent 100 at a time, same-instant copies included, while 10 % fail their first try', async (t) => {
    const plan = planDeliveries({ events: 300, deliveries: 1000, maxCopies: 5, seed: SEED });
    const { events, jobs } = plan;
    const modes = {};
    events.slice(0, 30).forEach((event) => { modes[event.id] = 'first'; });
    events.slice(30, 45).forEach((event) => { modes[event.id] = 'slow'; });
    await api(ctx, '/__test/plan', modes);
    ctx.events = events;
    const started = Date.now();
    const answers = await sendJobs(jobs, events, { url: ctx.url, sign: ctx.sign, inFlight: 100 });
    const sentMs = Date.now() - started;
    const runs = await settledRuns(ctx.worker.url, events.map((event) => event.id));
    t.diagnostic(`seed ${SEED} (SCALE_SEED=${SEED} replays it): ${answers.length} deliveries of ${events.length} events, `
      + `${events.filter((e) => e.burst).length} events with all copies at the same instant; answered in ${sentMs} ms `
      + `(p50 ${percentile(answers.map((a) => a.ms), 50).toFixed(0)} ms, p99 ${percentile(answers.map((a) => a.ms), 99).toFixed(0)} ms), `
      + `all handled ${Date.now() - started} ms after the first send`);

    assert.equal(answers.length, 1000);
    const accepted = new Map(events.map((event) => [event.id, 0]));
    for (const answer of answers) {
      assert.ok(answer.status === 202 || answer.status === 200, `${answer.id}: ${answer.status} ${answer.text}`);
      if (answer.status === 202) accepted.set(answer.id, accepted.get(answer.id) + 1);
      else assert.deepEqual(JSON.parse(answer.text), { received: true, duplicate: true });
    }
    for (const [id, count] of accepted) assert.equal(count, 1, `event ${id} was queued ${count} times`);

    const byEvent = groupRuns(runs);
    for (const event of events) {
      const mine = byEvent.get(event.id) ?? [];
      const outcomes = mine.map((run) => run.ok);
      assert.deepEqual(outcomes, modes[event.id] === 'first' ? [0, 1] : [1], `runs of ${event.id} (${event.copies} copies)`);
      assertNoOverlap(event.id, mine);
    }
    const records = await api(ctx, '/__test/ledger', { ids: events.map((event) => event.id) });
    for (const [index, record] of records.entries()) {
      assert.equal(record.status, 'done', `ledger of ${events[index].id}`);
      assert.equal(record.enqueues, 1);
    }
    const dead = await api(ctx, '/__test/dead');
    assert.deepEqual(dead.filter((row) => accepted.has(row.event_id)), [], 'no event that failed once is dead-lettered');
  });

  it(`dead-letters the always failing event only after ${TRIES} tries, each retry waiting twice as long as the one before`, async () => {
    const [row] = await waitFor('the dead letter', async () => {
      const dead = (await api(ctx, '/__test/dead')).filter((r) => r.event_id === ctx.doomed.id);
      return dead.length > 0 && dead;
    }, { timeoutMs: 90_000, intervalMs: 250 });
    assert.equal(row.tries, TRIES);
    assert.match(row.last_error, new RegExp(`^Error: injected failure \\(always\\) on run ${TRIES}$`));
    const mine = groupRuns(await api(ctx, '/__test/runs')).get(ctx.doomed.id);
    assert.deepEqual(mine.map((run) => run.ok), Array(TRIES).fill(0));
    assert.ok(row.at >= mine.at(-1).ended_at, 'dead-lettered after the last try ended');
    for (let i = 1; i < mine.length; i += 1) {
      const waited = mine[i].started_at - mine[i - 1].ended_at;
      const backoff = RETRY_BASE_SECONDS * 1000 * 2 ** (i - 1);
      assert.ok(waited >= backoff - 50, `retry ${i} came ${waited} ms after the failure (backoff ${backoff} ms)`);
    }
    const [record] = await api(ctx, '/__test/ledger', { ids: [ctx.doomed.id] });
    assert.equal(record.status, 'dead');
    assert.equal(record.runs, TRIES);
  });

  it('does not run an event again when it is delivered after it was handled, one copy or several at once', async () => {
    const before = (await api(ctx, '/__test/runs')).length;
    const again = ctx.events.slice(0, 40);
    const answers = await Promise.all(again.flatMap((event, i) =>
      Array(1 + (i % 3)).fill(event).map((copy) => deliver(ctx.url, copy, ctx.sign))));
    for (const answer of answers) {
      assert.equal(answer.status, 200, answer.text);
      assert.deepEqual(JSON.parse(answer.text), { received: true, duplicate: true });
    }
    await sleep(2000);
    assert.equal((await api(ctx, '/__test/runs')).length, before, 'no handler ran');
  });

  it('runs a dead-lettered event once more when CallingBox delivers it again after the fix, and never after that', async () => {
    await api(ctx, '/__test/plan', { [ctx.doomed.id]: 'fixed' });
    const answers = await Promise.all([1, 2, 3].map(() => deliver(ctx.url, ctx.doomed, ctx.sign)));
    assert.deepEqual(answers.map((a) => a.status).sort(), [200, 200, 202]);
    const runs = await settledRuns(ctx.worker.url, [ctx.doomed.id]);
    assert.deepEqual(groupRuns(runs).get(ctx.doomed.id).map((run) => run.ok), [...Array(TRIES).fill(0), 1]);
    const [record] = await api(ctx, '/__test/ledger', { ids: [ctx.doomed.id] });
    assert.equal(record.status, 'done');
    assert.equal((await api(ctx, '/__test/dead')).filter((r) => r.event_id === ctx.doomed.id).length, 1);
    assert.equal((await deliver(ctx.url, ctx.doomed, ctx.sign)).status, 200);
  });

  it('handles an event once when the Queue brings several copies of its message, at once or after it was handled', async () => {
    const events = Array.from({ length: 20 }, () => eventBody({ type: 'call.answered' }));
    const parsed = events.map((event) => JSON.parse(event.body));
    await api(ctx, '/__test/plan', Object.fromEntries(events.slice(0, 5).map((event) => [event.id, 'slow'])));
    await api(ctx, '/__test/enqueue', { events: parsed.flatMap((event) => [event, event, event]) });
    await settledRuns(ctx.worker.url, events.map((event) => event.id));
    await api(ctx, '/__test/enqueue', { events: parsed });
    await sleep(1000);
    const runs = groupRuns(await settledRuns(ctx.worker.url, events.map((event) => event.id)));
    for (const event of events) assert.deepEqual(runs.get(event.id).map((run) => run.ok), [1], `runs of ${event.id}`);
    const answers = await Promise.all(events.map((event) => deliver(ctx.url, event, ctx.sign)));
    assert.deepEqual(new Set(answers.map((answer) => answer.status)), new Set([200]));
  });

  it('lets a later delivery through once the processing lease of a consumer that died has expired, and handles it once', async () => {
    const orphan = eventBody({ type: 'call.completed' });
    // A consumer took the lease, then its isolate died: nothing will report.
    const untilMs = Date.now() + 4000;
    await api(ctx, '/__test/plant', { id: orphan.id, type: orphan.type, messageId: 'gone', untilMs });
    const early = await deliver(ctx.url, orphan, ctx.sign);
    assert.equal(early.status, 200, 'while the lease is live, the delivery is a duplicate');
    await sleep(Math.max(0, untilMs - Date.now()) + 250);
    const late = await deliver(ctx.url, orphan, ctx.sign);
    assert.equal(late.status, 202, late.text);
    const runs = await settledRuns(ctx.worker.url, [orphan.id]);
    assert.deepEqual(groupRuns(runs).get(orphan.id).map((run) => run.ok), [1]);
    const [record] = await api(ctx, '/__test/ledger', { ids: [orphan.id] });
    assert.equal(record.status, 'done');
  });

  it('answers 400 to a tampered or unsigned delivery and 405 to a GET, and queues nothing for them', async () => {
    const event = eventBody();
    const header = ctx.sign(event.body);
    const tampered = await fetch(ctx.url, { method: 'POST', body: event.body.replace('42', '43'), headers: { 'CallingBox-Signature': header } });
    assert.equal(tampered.status, 400);
    assert.deepEqual(await tampered.json(), { error: 'no_matching_signature' });
    const unsigned = await fetch(ctx.url, { method: 'POST', body: event.body });
    assert.equal(unsigned.status, 400);
    assert.deepEqual(await unsigned.json(), { error: 'missing_header' });
    const get = await fetch(ctx.url);
    assert.equal(get.status, 405);
    await get.arrayBuffer();
    const [record] = await api(ctx, '/__test/ledger', { ids: [event.id] });
    assert.equal(record, null);
  });

  it('handles every event of 12 calls from the CallingBox emulator once, same-instant copies and redeliveries included, and every delivery record ends delivered', async () => {
    const outcomes = ['completed', 'failed', 'no_answer', 'busy', 'canceled', 'completed'];
    const calls = await Promise.all([...outcomes, ...outcomes].map((outcome) => control(ctx, 'POST', '/_emulator/calls', { outcome })));
    const ids = calls.flatMap((call) => call.deliveries.map((delivery) => delivery.id));
    // Copies of every third event while the emulator's own attempt is in flight.
    const copies = await Promise.all(ids.filter((_, i) => i % 3 === 0).flatMap((id) =>
      [1, 2].map(() => control(ctx, 'POST', `/_emulator/deliveries/${id}/send`, {}))));
    for (const copy of copies) assert.ok(copy.status === 200 || copy.status === 202, JSON.stringify(copy));
    const delivered = () => waitFor('every delivery to end delivered', async () => {
      const list = await ctx.client.webhookDeliveries.list({ endpoint_id: ctx.endpoint.id, limit: 200 });
      return list.length === ids.length && list.every((d) => d.status === 'delivered') && list;
    }, { timeoutMs: 120_000, intervalMs: 250 });
    await delivered();
    const replayed = ids.slice(0, 6);
    for (const id of replayed) await ctx.client.webhookDeliveries.redeliver(id);
    const records = await delivered();
    for (const record of records) {
      assert.equal(record.status, 'delivered');
      assert.equal(record.manual_retry_count, replayed.includes(record.id) ? 1 : 0);
      assert.ok([200, 202].includes(record.last_response_status), `${record.id}: ${record.last_response_status}`);
    }
    const runs = groupRuns(await settledRuns(ctx.worker.url, ids));
    for (const id of ids) assert.deepEqual(runs.get(id).map((run) => run.ok), [1], `runs of ${id}`);
  });
});

const api = (ctx, path, body) => testApi(ctx.worker.url, path, body);

async function control(ctx, method, path, body) {
  const response = await fetch(`${ctx.emulator.url}${path}`, { method, body: body && JSON.stringify(body) });
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
  return response.json();
}
