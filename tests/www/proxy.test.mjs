// The dashboard's backend proxy and static server, without a browser.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { API_PREFIX, startDashboardServer } from '../../www/server/server.mjs';
import { API_KEY, startStack } from './support.mjs';

let stack;
const secrets = [];

before(async () => {
  stack = await startStack({ onSigningSecret: (endpoint) => secrets.push(endpoint) });
});
after(() => stack?.stop());

/** A raw request, so Host and Origin can be set freely (fetch forbids both). */
function raw(path, { method = 'GET', headers = {}, body } = {}) {
  return new Promise((resolve, reject) => {
    const req = http.request(`${stack.dashboard.url}${path}`, { method, headers }, (res) => {
      const chunks = [];
      res.on('data', (chunk) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('the dashboard proxy', () => {
  test('forwards endpoint calls with the key added, and answers without it', async () => {
    const created = await fetch(`${stack.apiBase}/v1/webhook_endpoints`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ url: 'https://example.com/hooks', description: 'proxy test' }),
    });
    assert.equal(created.status, 201);
    assert.match(created.headers.get('x-request-id'), /^req_/);
    const endpoint = await created.json();
    assert.match(endpoint.signing_secret, /^whsec_/);

    const list = await fetch(`${stack.apiBase}/v1/webhook_endpoints`);
    const text = await list.text();
    assert.equal(list.status, 200);
    assert.equal(list.headers.get('cache-control'), 'no-store');
    assert.doesNotMatch(text, /sk_/);
    assert.equal(JSON.parse(text).data[0].id, endpoint.id);

    const log = await stack.control('requests');
    const seen = log.data.filter((entry) => entry.path === '/v1/webhook_endpoints');
    assert.ok(seen.length >= 2);
    assert.ok(seen.every((entry) => entry.auth_key_valid === true), 'the emulator got the key on every request');
    assert.ok(seen.every((entry) => !('origin' in entry.headers) && !('cookie' in entry.headers)), 'browser headers are not forwarded');
  });

  test('forwards query strings and rotate_secret, and hands each new secret to its hook', async () => {
    const [endpoint] = (await (await fetch(`${stack.apiBase}/v1/webhook_endpoints`)).json()).data;
    const before = secrets.length;
    const rotated = await fetch(`${stack.apiBase}/v1/webhook_endpoints/${endpoint.id}/rotate_secret`, { method: 'POST' });
    assert.equal(rotated.status, 200);
    assert.equal(secrets.length, before + 1);
    assert.equal(secrets.at(-1).id, endpoint.id);
    assert.equal(secrets.at(-1).signing_secret, (await rotated.json()).signing_secret);
    const filtered = await fetch(`${stack.apiBase}/v1/webhook_deliveries?status=pending&limit=5`);
    assert.equal(filtered.status, 200);
    const bad = await fetch(`${stack.apiBase}/v1/webhook_deliveries?status=nope`);
    assert.equal(bad.status, 400, 'the API\'s own 400 comes back unchanged');
    assert.match((await bad.json()).error, /status must be one of/);
  });

  test('refuses a request that carries its own Authorization header', async () => {
    const answer = await fetch(`${stack.apiBase}/v1/webhook_endpoints`, { headers: { authorization: `Bearer ${API_KEY}` } });
    assert.equal(answer.status, 400);
    assert.match((await answer.json()).error, /must not carry an Authorization header/);
  });

  test('forwards only the webhook routes', async () => {
    for (const path of ['/v1/calls', '/v1/webhook_endpoints/x/y', '/v2/webhook_endpoints', '/_emulator/reset', '']) {
      const answer = await fetch(`${stack.apiBase}${path}`, { method: 'POST' });
      assert.equal(answer.status, 404, path);
    }
  });

  test('refuses cross-site requests and foreign Host headers', async () => {
    const cross = await raw(`${API_PREFIX}/v1/webhook_endpoints`, { headers: { origin: 'https://evil.example' } });
    assert.equal(cross.status, 403);
    const fetchSite = await raw(`${API_PREFIX}/v1/webhook_endpoints`, { headers: { 'sec-fetch-site': 'cross-site' } });
    assert.equal(fetchSite.status, 403);
    const nullOrigin = await raw(`${API_PREFIX}/v1/webhook_endpoints`, { headers: { origin: 'null' } });
    assert.equal(nullOrigin.status, 403);
    const rebinding = await raw('/', { headers: { host: `evil.example:${stack.dashboard.port}` } });
    assert.equal(rebinding.status, 421);
    const same = await raw(`${API_PREFIX}/v1/webhook_endpoints`, { headers: { origin: stack.dashboard.url } });
    assert.equal(same.status, 200);
  });

  test('answers a configured other origin with CORS headers', async () => {
    const dashboard = await startDashboardServer({
      port: 0, upstream: stack.emulator.url, apiKey: API_KEY, allowedOrigins: ['http://127.0.0.1:1234'],
    });
    try {
      const preflight = await fetch(`${dashboard.url}${API_PREFIX}/v1/webhook_endpoints`, {
        method: 'OPTIONS', headers: { origin: 'http://127.0.0.1:1234', 'access-control-request-method': 'POST' },
      });
      assert.equal(preflight.status, 204);
      assert.equal(preflight.headers.get('access-control-allow-origin'), 'http://127.0.0.1:1234');
      const list = await fetch(`${dashboard.url}${API_PREFIX}/v1/webhook_endpoints`, { headers: { origin: 'http://127.0.0.1:1234' } });
      assert.equal(list.status, 200);
      assert.equal(list.headers.get('access-control-allow-origin'), 'http://127.0.0.1:1234');
      assert.match(list.headers.get('access-control-expose-headers'), /x-request-id/);
    } finally {
      await dashboard.close();
    }
  });

  test('says where it forwards to without ever showing the key', async () => {
    const info = await fetch(`${stack.dashboard.url}/api/info`);
    const text = await info.text();
    assert.doesNotMatch(text, /sk_/);
    assert.deepEqual(JSON.parse(text), {
      api_base_path: API_PREFIX, upstream: stack.emulator.url, mode: 'emulator', key_configured: true, emulator_control: true,
    });
  });

  test('plays calls on the emulator only in emulator mode', async () => {
    const played = await fetch(`${stack.dashboard.url}/api/emulator/calls`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ outcome: 'busy' }),
    });
    assert.equal(played.status, 202);
    assert.ok((await played.json()).call_id);
    const reset = await fetch(`${stack.dashboard.url}/api/emulator/reset`, { method: 'POST' });
    assert.equal(reset.status, 404, 'only calls, events and reading one delivery are forwarded');
    const fired = await fetch(`${stack.dashboard.url}/api/emulator/events`, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'call.busy', call: { webhook_url: 'http://127.0.0.1:9/inline' } }),
    }).then((r) => r.json());
    const inline = fired.deliveries.find((d) => d.endpoint_id === null);
    const record = await fetch(`${stack.dashboard.url}/api/emulator/deliveries/${inline.id}`);
    assert.equal(record.status, 200);
    const detail = await record.json();
    assert.equal(detail.id, inline.id);
    assert.ok(Array.isArray(detail.attempts), 'the emulator\'s attempt history, for the portal');
    for (const [method, path] of [['POST', '/deliveries/x'], ['GET', '/deliveries/x/send'], ['GET', '/calls']]) {
      const refused = await fetch(`${stack.dashboard.url}/api/emulator${path}`, { method });
      assert.equal(refused.status, 404, `${method} ${path} is not forwarded`);
    }

    const live = await startDashboardServer({ port: 0, upstream: stack.emulator.url, apiKey: API_KEY });
    try {
      const refused = await fetch(`${live.url}/api/emulator/calls`, { method: 'POST', body: '{"outcome":"busy"}' });
      assert.equal(refused.status, 404);
    } finally {
      await live.close();
    }
  });

  test('reports an unreachable upstream as a 502 in plain words', async () => {
    const dead = await startDashboardServer({ port: 0, upstream: 'http://127.0.0.1:9', apiKey: API_KEY });
    try {
      const answer = await fetch(`${dead.url}${API_PREFIX}/v1/webhook_endpoints`);
      assert.equal(answer.status, 502);
      assert.match((await answer.json()).error, /could not reach http:\/\/127\.0\.0\.1:9/);
    } finally {
      await dead.close();
    }
  });
});

describe('the dashboard static server', () => {
  test('serves the page with a strict content security policy', async () => {
    const page = await fetch(`${stack.dashboard.url}/`);
    assert.equal(page.status, 200);
    assert.match(page.headers.get('content-type'), /^text\/html/);
    const csp = page.headers.get('content-security-policy');
    assert.match(csp, /script-src 'self' 'wasm-unsafe-eval'/);
    assert.match(csp, /frame-ancestors 'none'/);
    assert.match(await page.text(), /<title>CallingBox webhooks<\/title>/);
  });

  test('serves the package from pkg/, with the wasm as application/wasm', async () => {
    const entry = await fetch(`${stack.dashboard.url}/pkg/browser.js`);
    assert.equal(entry.status, 200);
    assert.match(entry.headers.get('content-type'), /^text\/javascript/);
    const wasm = await fetch(`${stack.dashboard.url}/pkg/callingbox_webhooks_bg.wasm`);
    assert.equal(wasm.headers.get('content-type'), 'application/wasm');
  });

  test('never serves its own sources, dotfiles or anything outside www/ and pkg/', async () => {
    for (const path of [
      '/server/server.mjs', '/server/receiver.mjs', '/../Cargo.toml', '/pkg/../Cargo.toml', '/%2e%2e/Cargo.toml',
      '/pkg/%2e%2e/Cargo.toml', '/.gitignore', '/package.json', '/%00', '/pkg/..%2fCargo.toml',
    ]) {
      const answer = await raw(path);
      assert.ok(answer.status === 404 || answer.status === 400, `${path} -> ${answer.status}`);
    }
    const post = await raw('/index.html', { method: 'POST' });
    assert.equal(post.status, 405);
  });
});
