// The Cloudflare Worker example (examples/cloudflare-worker) in real workerd.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { describeSizes } from './lib/bundle.mjs';
import { startWorkerd } from './lib/receivers.mjs';
import { receiverSuite } from './lib/scenario.mjs';

receiverSuite({
  name: 'The Cloudflare Worker example in workerd',
  example: 'cloudflare-worker',
  start: startWorkerd,
  durableDedupe: true,
  scripts: true,
  extra(ctx) {
    it('remembers each processed event id in its PROCESSED_EVENTS KV namespace', async () => {
      const kv = await ctx.receiver.kv('PROCESSED_EVENTS');
      const { keys } = await kv.list();
      assert.deepEqual(new Set(keys.map((k) => k.name)), new Set(ctx.receiver.processed()));
      assert.equal(await kv.get(ctx.first), 'call.completed');
      const { expiration } = keys.find((k) => k.name === ctx.first);
      assert.ok(expiration > Date.now() / 1000 + 29 * 86400, 'ids are kept for 30 days');
    });

    it('bundles from the verify-only entry into one small CompiledWasm module without the HTTP client', (t) => {
      const { sizes } = ctx.receiver;
      t.diagnostic(`Worker bundle (wrangler-style, unminified): ${describeSizes(sizes)}`);
      assert.equal(sizes.files.filter((f) => f.name.endsWith('.wasm')).length, 1);
      assert.match(sizes.files.find((f) => f.name.endsWith('.wasm')).name, /^callingbox_webhooks_verify_bg-/);
      assert.ok(sizes.total.gzip < 64 * 1024, `gzip size ${sizes.total.gzip}`);
      const text = (type) => ctx.receiver.modules.filter((m) => m.type === type)
        .map((m) => Buffer.from(m.contents).toString('latin1')).join('');
      assert.doesNotMatch(text('ESModule'), /webhookEndpoints/);
      assert.doesNotMatch(text('CompiledWasm'), /webhook_endpoints/);
    });
  },
});
