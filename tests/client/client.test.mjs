// The API client in Node, built package (pkg/node.js) against the real
// emulator. The scenarios themselves live in scenarios.mjs and also run in a
// browser page and in workerd; the Node-only ones are below.
//
//   make build && node --test tests/client/
import { after, before, test } from 'node:test';
import net from 'node:net';
import { inspect } from 'node:util';
import * as pkg from '../../pkg/node.js';
import { spawnEmulator } from '../emulator/spawn.mjs';
import { defineClientScenarios } from './scenarios.mjs';
import { KEY, assert, emulatorControl } from './support.mjs';

// The suite decides what the environment says.
delete process.env.CALLINGBOX_API_KEY;
delete process.env.CALLINGBOX_BASE_URL;

let emulator;
before(async () => {
  emulator = await spawnEmulator(['--port', '0', '--allow-http-localhost', '--time-scale', '3600']);
});
after(async () => {
  await emulator?.stop();
  const soak = globalThis.__callingboxSoakSummary;
  if (soak) console.log(`# soak: ${JSON.stringify(soak)}`);
});

/** A local port with nothing listening. */
async function closedPort() {
  const server = net.createServer();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

defineClientScenarios({
  pkg,
  baseUrl: () => emulator.url,
  test,
  runtime: 'node',
  // CLIENT_SOAK_SEED=n replays another workload.
  ...(process.env.CLIENT_SOAK_SEED ? { soakSeed: Number(process.env.CLIENT_SOAK_SEED) } : {}),
  extra({ failure, failureSync, newClient, ctl }) {
    test('the key and base URL come from CALLINGBOX_API_KEY and CALLINGBOX_BASE_URL when not given', async () => {
      await ctl().reset();
      process.env.CALLINGBOX_API_KEY = KEY;
      process.env.CALLINGBOX_BASE_URL = emulator.url;
      try {
        const client = new pkg.CallingBox();
        assert.deepEqual(await client.webhookEndpoints.list(), []);
        const [request] = await emulatorControl(emulator.url).requests();
        assert.equal(request.auth_key_valid, true);
      } finally {
        delete process.env.CALLINGBOX_API_KEY;
        delete process.env.CALLINGBOX_BASE_URL;
      }
      const explicit = new pkg.CallingBox({ apiKey: 'sk_test_other', baseUrl: emulator.url });
      const error = await failure(explicit.webhookEndpoints.list());
      assert.ok(error instanceof pkg.AuthenticationError, 'an explicit key wins over the environment');
    });

    test('a refused connection is retried even for a create, and the outcome is known', async () => {
      const port = await closedPort();
      const client = new pkg.CallingBox({ apiKey: KEY, baseUrl: `http://127.0.0.1:${port}` });
      const started = Date.now();
      const error = await failure(client.webhookEndpoints.create({ url: 'http://127.0.0.1:9/hooks/refused' }));
      const ms = Date.now() - started;
      assert.ok(error instanceof pkg.ConnectionError && !(error instanceof pkg.TimeoutError), `${error}`);
      assert.equal(error.outcomeUnknown, false, 'ECONNREFUSED: the request never left');
      assert.match(error.message, /ECONNREFUSED/);
      assert.match(error.message, /after 3 attempts/);
      assert.between(ms, 700, 3000, 'two backoff waits (250-500 ms, then 500-1000 ms)');
    });

    test('util.inspect of the client and of its errors shows no key', async () => {
      const client = newClient();
      for (const view of [inspect(client, { showHidden: true, depth: 5 }), inspect(client.webhookEndpoints, { showHidden: true })]) {
        assert.notIncludes(view, KEY, 'inspect');
      }
      const error = await failure(client.webhookEndpoints.retrieve('missing'));
      assert.notIncludes(inspect(error, { showHidden: true, depth: 5 }), KEY, 'inspect(error)');
    });

    test('a page-like global scope turns on the browser guard and its backend-proxy advice', async () => {
      globalThis.window = globalThis;
      globalThis.document = {};
      try {
        const guarded = failureSync(() => new pkg.CallingBox({ apiKey: KEY, baseUrl: emulator.url }));
        assert.ok(guarded instanceof pkg.ValidationError);
        assert.equal(guarded.param, 'apiKey');
        assert.match(guarded.message, /backend/);
        assert.match(guarded.message, /dangerouslyAllowBrowser/);
        assert.notIncludes(guarded.message, KEY, 'guard message');
        const allowed = new pkg.CallingBox({ apiKey: KEY, baseUrl: emulator.url, dangerouslyAllowBrowser: true });
        assert.ok(Array.isArray(await allowed.webhookEndpoints.list()));
        const proxied = new pkg.CallingBox({ baseUrl: emulator.url });
        const unauthenticated = await failure(proxied.webhookEndpoints.list());
        assert.ok(unauthenticated instanceof pkg.AuthenticationError, 'proxy mode sends no key');
        const defaultBase = failureSync(() => new pkg.CallingBox());
        assert.match(defaultBase.message, /backend route/);
      } finally {
        delete globalThis.window;
        delete globalThis.document;
      }
      assert.ok(new pkg.CallingBox({ apiKey: KEY, baseUrl: emulator.url }), 'outside a browser the key is fine');
    });
  },
});
