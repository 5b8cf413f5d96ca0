// The checks every example receiver must pass (Worker, Deno, Bun), against
// the CallingBox emulator, with the package's own client (from the same
// tarball, running in Node) managing the endpoint and its deliveries.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { spawnEmulator } from '../../emulator/spawn.mjs';
import { installExample } from './install.mjs';
import { freePort, sleep, waitFor } from './util.mjs';

const API_KEY = 'sk_test_emulator_key';
// Retry delays (1 min ... 24 h, about 42 h in all) shrink to well under a second.
const TIME_SCALE = '360000';
// How long a duplicate log line gets to show up before "once" is asserted.
const SETTLE_MS = 150;

/**
 * @param {object} suite
 * @param {string} suite.name         the describe() title
 * @param {string} suite.example      folder under examples/
 * @param {(options: {dir: string, port: number, secrets: string[]}) => Promise<object>} suite.start
 * @param {boolean} suite.durableDedupe  its processed-ids store outlives a restart (KV)
 * @param {boolean} [suite.scripts]  register and rotate with the example's scripts/register.mjs and
 *   scripts/rotate.mjs (what its README tells users to run) instead of calling the SDK here
 * @param {(context: object) => void} [suite.extra]  more it() calls, given the shared context
 */
export function receiverSuite({ name, example, start, durableDedupe, scripts = false, extra }) {
  describe(name, () => {
    const ctx = { deliveries: new Map() }; // delivery id -> the status its record must end with
    let installed;
    let emulator;

    before(async () => {
      installed = await installExample(example);
      // The client, imported by package name from the installed tarball (Node picks node.js).
      const sdkModule = join(installed.dir, 'sdk.mjs');
      writeFileSync(sdkModule, "export * from 'callingbox-webhooks';\n");
      const { CallingBox } = await import(pathToFileURL(sdkModule).href);
      emulator = await spawnEmulator(['--port', '0', '--allow-http-localhost', '--time-scale', TIME_SCALE]);
      ctx.client = new CallingBox({ apiKey: API_KEY, baseUrl: emulator.url });
      ctx.emulator = emulator;
      ctx.dir = installed.dir;
      const port = await freePort();
      const url = `http://127.0.0.1:${port}/webhooks/callingbox`;
      if (scripts) {
        const { stdout, stderr } = await script(ctx, 'register.mjs', url);
        const [, id] = /^created webhook endpoint (\S+) for /m.exec(stderr);
        ctx.endpoint = await ctx.client.webhookEndpoints.retrieve(id);
        ctx.secret = stdout.trim();
      } else {
        ctx.endpoint = await ctx.client.webhookEndpoints.create({ url, enabled_events: ['*'] });
        ctx.secret = ctx.endpoint.signing_secret;
      }
      ctx.rotate = async () => {
        if (!scripts) return (await ctx.client.webhookEndpoints.rotateSecret(ctx.endpoint.id)).signing_secret;
        return (await script(ctx, 'rotate.mjs', ctx.endpoint.id)).stdout.trim();
      };
      ctx.receiver = await start({ dir: installed.dir, port, secrets: [ctx.secret] });
    });

    after(async () => {
      await ctx.receiver?.stop();
      await emulator?.stop();
      installed?.remove();
    });

    it(`is registered as an endpoint ${scripts ? 'with scripts/register.mjs' : 'through the SDK'} and given a whsec_ signing secret`, async () => {
      assert.match(ctx.secret, /^whsec_[\x21-\x7e]+$/);
      const endpoint = await ctx.client.webhookEndpoints.retrieve(ctx.endpoint.id);
      assert.equal(endpoint.status, 'enabled');
      assert.equal(endpoint.url, ctx.endpoint.url);
      assert.equal(endpoint.signing_secret, undefined);
    });

    it('accepts a signed delivery with 200 and processes the event once', async () => {
      const [id] = await emit(ctx, 'call.completed');
      const delivery = await settled(ctx, id);
      assert.equal(delivery.status, 'delivered');
      assert.equal(delivery.attempt_count, 1);
      assert.equal(delivery.last_response_status, 200);
      await processedOnce(ctx, id);
      ctx.first = id;
    });

    it('routes every event of a whole call on its type and processes each once', async () => {
      const answer = await control(ctx, 'POST', '/_emulator/calls', { outcome: 'no_answer' });
      const ids = answer.deliveries.map((d) => d.id);
      assert.deepEqual(answer.events.map((e) => e.type), ['call.queued', 'call.ringing', 'call.no_answer']);
      for (const id of ids) ctx.deliveries.set(id, 'delivered');
      for (const id of ids) assert.equal((await settled(ctx, id)).status, 'delivered');
      for (const id of ids) await processedOnce(ctx, id);
      const types = ctx.receiver.processedEvents().filter((e) => ids.includes(e.id)).map((e) => e.type);
      assert.deepEqual(types.sort(), ['call.no_answer', 'call.queued', 'call.ringing']);
      const callId = answer.call_id;
      await waitFor('the terminal event handler to log', () =>
        ctx.receiver.logs.includes(`call ${callId} ended without a conversation: call.no_answer`));
    });

    it('rejects a tampered body with 400 no_matching_signature', async () => {
      const original = await control(ctx, 'GET', `/_emulator/deliveries/${ctx.first}`);
      const tampered = original.body.replace('"call.completed"', '"call.failed"');
      assert.notEqual(tampered, original.body);
      await expectRejected(ctx, { body: tampered }, 'no_matching_signature');
    });

    it('rejects a delivery signed with another secret with 400 no_matching_signature', async () => {
      await expectRejected(ctx, { secret: 'whsec_not_the_endpoint_secret' }, 'no_matching_signature');
    });

    it('rejects a timestamp ten minutes old with 400 timestamp_out_of_tolerance', async () => {
      await expectRejected(ctx, { timestamp: Math.floor(Date.now() / 1000) - 600 }, 'timestamp_out_of_tolerance');
    });

    it('rejects a malformed signature header with 400 malformed_header', async () => {
      await expectRejected(ctx, { signature: 't=yesterday,v1=abc' }, 'malformed_header');
    });

    it('rejects a correctly signed body that is not JSON with 400 invalid_payload', async () => {
      await expectRejected(ctx, { body: 'not json', resign: true }, 'invalid_payload');
    });

    it('rejects a request without CallingBox-Signature with 400 missing_header', async () => {
      const response = await fetch(ctx.endpoint.url, { method: 'POST', body: '{}' });
      assert.equal(response.status, 400);
      assert.deepEqual(await response.json(), { error: 'missing_header' });
    });

    it('answers 405 to anything but POST', async () => {
      const response = await fetch(ctx.endpoint.url);
      assert.equal(response.status, 405);
      await response.arrayBuffer();
    });

    it('processes a redelivered event only once and the delivery ends delivered again', async () => {
      const redelivered = await ctx.client.webhookDeliveries.redeliver(ctx.first);
      assert.equal(redelivered.id, ctx.first);
      const delivery = await settled(ctx, ctx.first, { manualRetries: 1 });
      assert.equal(delivery.status, 'delivered');
      assert.equal(delivery.last_response_status, 200);
      await processedOnce(ctx, ctx.first);
      const again = await send(ctx, ctx.first, {});
      assert.equal(again.status, 200);
      assert.deepEqual(again.json, { received: true, duplicate: true });
      await processedOnce(ctx, ctx.first);
    });

    it(`after ${scripts ? 'scripts/rotate.mjs' : 'rotateSecret'}, rejects every attempt while it still has the old secret, so the deliveries end exhausted`, async () => {
      const rotated = await ctx.rotate();
      assert.match(rotated, /^whsec_[\x21-\x7e]+$/);
      assert.notEqual(rotated, ctx.secret);
      ctx.oldSecret = ctx.secret;
      ctx.secret = rotated;
      [ctx.stale] = await emit(ctx, 'call.completed', 'exhausted');
      [ctx.retried] = await emit(ctx, 'call.busy', 'exhausted');
      for (const id of [ctx.stale, ctx.retried]) {
        const delivery = await settled(ctx, id);
        assert.equal(delivery.status, 'exhausted');
        assert.equal(delivery.attempt_count, 8);
        assert.equal(delivery.last_response_status, 400);
        const record = await control(ctx, 'GET', `/_emulator/deliveries/${id}`);
        assert.deepEqual(record.attempts.map((a) => a.response_status), Array(8).fill(400));
      }
      await sleep(SETTLE_MS);
      assert.equal(count(ctx, ctx.stale) + count(ctx, ctx.retried), 0);
    });

    it('with both secrets configured for a rotation window, accepts deliveries signed with either', async () => {
      await ctx.receiver.setSecrets([ctx.secret, ctx.oldSecret]);
      // Old secret: an event the receiver has not seen yet.
      const old = await send(ctx, ctx.stale, { secret: ctx.oldSecret });
      assert.equal(old.status, 200, old.text);
      assert.deepEqual(old.json, { received: true });
      await processedOnce(ctx, ctx.stale);
      // New secret: the exhausted delivery, redelivered through the SDK.
      await ctx.client.webhookDeliveries.redeliver(ctx.retried);
      ctx.deliveries.set(ctx.retried, 'delivered');
      const delivery = await settled(ctx, ctx.retried, { manualRetries: 1 });
      assert.equal(delivery.status, 'delivered');
      assert.equal(delivery.attempt_count, 1);
      await processedOnce(ctx, ctx.retried);
    });

    it('once the old secret is removed, rejects it with 400 no_matching_signature and accepts new deliveries', async () => {
      await ctx.receiver.setSecrets([ctx.secret]);
      await expectRejected(ctx, { secret: ctx.oldSecret }, 'no_matching_signature');
      const [id] = await emit(ctx, 'call.answered');
      assert.equal((await settled(ctx, id)).status, 'delivered');
      await processedOnce(ctx, id);
    });

    if (durableDedupe) {
      it('still knows the events it processed after its isolate was restarted', async () => {
        // setSecrets restarted workerd; the KV namespace kept the ids.
        const again = await send(ctx, ctx.first, {});
        assert.equal(again.status, 200);
        assert.deepEqual(again.json, { received: true, duplicate: true });
        await sleep(SETTLE_MS);
        assert.equal(count(ctx, ctx.first), 1);
      });
    }

    it('leaves every delivery record delivered or exhausted, and processed each delivered event exactly once', async () => {
      const records = await ctx.client.webhookDeliveries.list({ endpoint_id: ctx.endpoint.id, limit: 200 });
      assert.equal(records.length, ctx.deliveries.size);
      for (const record of records) {
        assert.equal(record.status, ctx.deliveries.get(record.id), `delivery ${record.id} (${record.event_type})`);
        if (record.status === 'delivered') assert.equal(count(ctx, record.id), 1, `processed ${record.id}`);
      }
      const stale = records.find((r) => r.id === ctx.stale);
      assert.equal(stale.status, 'exhausted');
      assert.equal(stale.attempt_count, 8);
      // Nothing else was processed: no id twice, none that was not delivered to it.
      const processed = ctx.receiver.processed();
      assert.equal(new Set(processed).size, processed.length);
      assert.deepEqual(new Set(processed), new Set([...ctx.deliveries.keys()]));
      const endpoint = await ctx.client.webhookEndpoints.retrieve(ctx.endpoint.id);
      assert.equal(endpoint.status, 'enabled');
    });

    extra?.(ctx);
  });
}

// ---- helpers ---------------------------------------------------------------

/** Runs one of the example's scripts/ in its installed copy, against the emulator. */
function script(ctx, name, ...args) {
  return promisify(execFile)(process.execPath, [join('scripts', name), ...args], {
    cwd: ctx.dir,
    env: { ...process.env, CALLINGBOX_API_KEY: API_KEY, CALLINGBOX_BASE_URL: ctx.emulator.url },
  });
}

async function control(ctx, method, path, body) {
  const response = await fetch(`${ctx.emulator.url}${path}`, {
    method,
    headers: body ? { 'content-type': 'application/json' } : {},
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path} -> ${response.status}: ${text}`);
  return JSON.parse(text);
}

/** Fires an event at every endpoint; remembers how its delivery must end. */
async function emit(ctx, type, expected = 'delivered') {
  const answer = await control(ctx, 'POST', '/_emulator/events', { type });
  const ids = answer.deliveries.map((d) => d.id);
  assert.equal(ids.length, 1);
  for (const id of ids) ctx.deliveries.set(id, expected);
  return ids;
}

/** One out-of-band send of a delivery (the record is untouched); the receiver's answer. */
async function send(ctx, id, overrides) {
  const { status, body } = await control(ctx, 'POST', `/_emulator/deliveries/${id}/send`, overrides);
  let json;
  try { json = JSON.parse(body); } catch { json = undefined; }
  return { status, text: body, json };
}

async function expectRejected(ctx, overrides, code) {
  const before = ctx.receiver.processed().length;
  const answer = await send(ctx, ctx.first, overrides);
  assert.equal(answer.status, 400, answer.text);
  assert.deepEqual(answer.json, { error: code });
  await sleep(SETTLE_MS);
  assert.equal(ctx.receiver.processed().length, before, 'a rejected delivery must not be processed');
}

/** The delivery once it is no longer pending (and redelivered `manualRetries` times). */
function settled(ctx, id, { manualRetries = 0 } = {}) {
  return waitFor(`delivery ${id} to settle`, async () => {
    const delivery = await ctx.client.webhookDeliveries.retrieve(id);
    return delivery.status !== 'pending' && (delivery.manual_retry_count ?? 0) >= manualRetries && delivery;
  });
}

const count = (ctx, id) => ctx.receiver.processed().filter((p) => p === id).length;

async function processedOnce(ctx, id) {
  await waitFor(`event ${id} to be processed`, () => count(ctx, id) > 0);
  await sleep(SETTLE_MS);
  assert.equal(count(ctx, id), 1, `event ${id} processed ${count(ctx, id)} times`);
}
