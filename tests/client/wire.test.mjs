// What the client sends and reads, checked against the platform itself:
// URL checks against Node's own `new URL()` over a generated corpus, the
// ports Node's `fetch` refuses, header values `fetch` refuses, and answers
// read as `JSON.parse` reads them (lone surrogates, integers beyond 2^53).
// In-process against pkg/node.js, with fetchImpl stubs (no network but
// loopback connection attempts for the port check).
//
//   make build && node --test tests/client/wire.test.mjs
import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as pkg from '../../pkg/node.js';
import { SECRET, endpoint } from './answers.mjs';

delete process.env.CALLINGBOX_API_KEY;
delete process.env.CALLINGBOX_BASE_URL;


/** A fetchImpl that records each request and answers with `text` (an endpoint by default). */
function recorder(text = JSON.stringify({ ...endpoint, signing_secret: SECRET }), status = 201) {
  const requests = [];
  const fetchImpl = async (url, init) => {
    requests.push({ url, init });
    return new Response(text, { status, headers: { 'content-type': 'application/json' } });
  };
  return { requests, fetchImpl };
}

/** A seeded PRNG (mulberry32). */
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** URLs built from pieces that parsers are known to disagree on. */
function corpus(size, seed) {
  const pick = (random, items) => items[Math.floor(random() * items.length)];
  const schemes = ['http', 'https', 'HTTP', 'hTtPs', 'ftp', 'ws', 'file'];
  const separators = ['://', '://', '://', ':/', ':', ':///', ':\\\\', '://\\', ':\\/'];
  const userinfo = ['', '', '', 'user@', 'user:pw@', 'evil.example\\@', 'localhost@', '@', 'a@b@', '%40@', 'evil.example%5c@', ':@'];
  const hosts = [
    'localhost', 'LOCALHOST', 'LocalHost', '127.0.0.1', '127.1', '0x7f.1', '0177.0.0.1', '2130706433', '[::1]', '[0:0::1]',
    '[::ffff:127.0.0.1]', 'localhost.', 'evil.example', 'bücher.example', 'xn--bcher-kva.example', '%6c%6fcalhost',
    '', 'a..b', '127.0.0.2', 'localhost.evil.example', '0.0.0.0', 'evil.example\\localhost', 'api.callingbox.io', '[::1',
  ];
  const ports = ['', '', ':80', ':443', ':8080', ':4010', ':6000', ':10080', ':0', ':65536', ':abc', ':'];
  const tails = ['', '/', '/hook', '/a\\b', '/@localhost', '?q=1', '#f', '/%2e%2e/x', '/./x', '\\@localhost/'];
  const random = rng(seed);
  const out = new Set();
  while (out.size < size) {
    out.add(pick(random, schemes) + pick(random, separators) + pick(random, userinfo) + pick(random, hosts) + pick(random, ports) + pick(random, tails));
  }
  return [...out];
}

const LOOPBACK = ['localhost', '127.0.0.1', '[::1]'];

/** The rules the README states, before any parsing (parsers disagree on these). */
function unambiguous(input) {
  if (/[\s\u0000-\u001f\u007f]/.test(input) || input.includes('\\')) return false;
  const colon = input.indexOf(':');
  if (colon >= 0 && /^https?$/i.test(input.slice(0, colon))) {
    const rest = input.slice(colon + 1);
    return rest.startsWith('//') && !rest.startsWith('///');
  }
  return true;
}

/** The documented webhook-URL policy, decided on Node's own URL parser. */
function webhookAccepted(input) {
  if (!unambiguous(input)) return false;
  let url;
  try {
    url = new URL(input);
  } catch {
    return false;
  }
  if (!url.hostname) return false;
  return url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK.includes(url.hostname));
}

test('webhook URLs: the client accepts exactly what new URL() says is https, or http to this machine', async () => {
  const { requests, fetchImpl } = recorder();
  const client = new pkg.CallingBox({ apiKey: 'sk_test_x', baseUrl: 'https://api.example.test', fetchImpl, maxRetries: 0 });
  const inputs = corpus(3000, 20261205);
  let accepted = 0;
  for (const input of inputs) {
    const expected = webhookAccepted(input);
    let actual;
    try {
      await client.webhookEndpoints.create({ url: input });
      actual = true;
    } catch (error) {
      assert.ok(error instanceof pkg.ValidationError, `${JSON.stringify(input)}: ${error}`);
      assert.equal(error.param, 'url', JSON.stringify(input));
      actual = false;
    }
    assert.equal(actual, expected, `webhook url ${JSON.stringify(input)} (new URL: ${(() => { try { return new URL(input).href; } catch { return 'throws'; } })()})`);
    if (actual) {
      accepted += 1;
      // Sent as given: nothing in it reads differently to another parser.
      assert.equal(JSON.parse(requests.at(-1).init.body).url, input);
    }
  }
  assert.ok(accepted > 100 && accepted < inputs.length - 100, `a corpus with both verdicts (${accepted} of ${inputs.length} accepted)`);
});

test('base URLs: a live key never leaves over plain http, and requests go where new URL() says', async () => {
  const inputs = corpus(3000, 7);
  let accepted = 0;
  for (const input of inputs) {
    const { requests, fetchImpl } = recorder(JSON.stringify({ data: [] }), 200);
    let client;
    try {
      client = new pkg.CallingBox({ apiKey: 'sk_live_0123456789', baseUrl: input, fetchImpl, maxRetries: 0 });
    } catch (error) {
      assert.ok(error instanceof pkg.ValidationError, `${JSON.stringify(input)}: ${error}`);
      assert.ok(['baseUrl', 'apiKey'].includes(error.param), `${JSON.stringify(input)}: ${error.param}`);
      assert.doesNotMatch(error.message, /0123456789/);
      continue;
    }
    accepted += 1;
    assert.ok(unambiguous(input), `accepted an ambiguous base URL ${JSON.stringify(input)}`);
    const url = new URL(input);
    assert.ok(url.protocol === 'https:' || LOOPBACK.includes(url.hostname), `a live key over http to ${url.hostname} (${JSON.stringify(input)})`);
    assert.equal(url.username + url.password + url.search + url.hash, '', JSON.stringify(input));
    await client.webhookEndpoints.list();
    const sent = new URL(requests[0].url);
    assert.equal(sent.host, url.host, `the request for ${JSON.stringify(input)} went to ${sent.host}`);
    assert.equal(sent.protocol, url.protocol);
  }
  assert.ok(accepted > 50, `${accepted} accepted`);
});

test('the two backslash cases from the issue are refused', async () => {
  const { requests, fetchImpl } = recorder();
  const client = new pkg.CallingBox({ apiKey: 'sk_test_x', baseUrl: 'https://api.example.test', fetchImpl });
  const error = await client.webhookEndpoints.create({ url: 'http://evil.example\\@localhost/hook' }).catch((e) => e);
  assert.ok(error instanceof pkg.ValidationError);
  assert.equal(error.param, 'url');
  assert.throws(
    () => new pkg.CallingBox({ apiKey: 'sk_live_0123456789', baseUrl: 'http://evil.example\\@localhost', fetchImpl }),
    (e) => e instanceof pkg.ValidationError && e.param === 'baseUrl',
  );
  assert.equal(requests.length, 0);
});

test("the ports Node's fetch refuses are ValidationErrors before any request, and no other port is", async () => {
  const { requests, fetchImpl } = recorder();
  const refused = [];
  for (let port = 0; port <= 65535; port++) {
    try {
      new pkg.CallingBox({ apiKey: 'sk_test_x', baseUrl: `http://localhost:${port}`, fetchImpl });
    } catch (error) {
      assert.ok(error instanceof pkg.ValidationError && error.param === 'baseUrl', `port ${port}: ${error}`);
      assert.match(error.message, new RegExp(`port ${port}\\b`));
      refused.push(port);
    }
  }
  assert.equal(refused.length, 82, 'the Fetch standard lists 82 bad ports');
  // Node's fetch is the judge: each refused port and its neighbours.
  const nodeRefuses = async (port) => {
    try {
      await fetch(`http://127.0.0.1:${port}/`, { signal: AbortSignal.timeout(2000) });
      return false;
    } catch (error) {
      return /bad port/i.test(String(error.cause?.message ?? error.cause ?? ''));
    }
  };
  const probe = [...new Set(refused.flatMap((p) => [p - 1, p, p + 1]).filter((p) => p > 0 && p < 65536))];
  const verdicts = await Promise.all(probe.map(async (port) => [port, await nodeRefuses(port)]));
  for (const [port, byNode] of verdicts) assert.equal(refused.includes(port), byNode, `port ${port}`);
  assert.equal(requests.length, 0);
  const error = await pkg.createWebhookEndpoint({ url: 'https://a.example/' }, { apiKey: 'sk_test_x', baseUrl: 'http://localhost:6000', fetchImpl }).catch((e) => e);
  assert.ok(error instanceof pkg.ValidationError, `not a ConnectionError with outcomeUnknown: ${error}`);
});

test('header values fetch refuses are ValidationErrors before any request', async () => {
  const { requests, fetchImpl } = recorder();
  for (const value of ['✓', 'a\r\nInjected: 1', 'nul\u0000', 'emoji 😀']) {
    assert.throws(
      () => new pkg.CallingBox({ apiKey: 'sk_test_x', baseUrl: 'https://api.example.test', fetchImpl, headers: { 'X-Tag': value } }),
      (e) => e instanceof pkg.ValidationError && e.param === 'headers' && e.message.includes('X-Tag'),
      JSON.stringify(value),
    );
    const client = new pkg.CallingBox({ apiKey: 'sk_test_x', baseUrl: 'https://api.example.test', fetchImpl });
    const error = await client.webhookEndpoints.create({ url: 'https://a.example/' }, { headers: [['X-Tag', value]] }).catch((e) => e);
    assert.ok(error instanceof pkg.ValidationError, `${JSON.stringify(value)}: ${error}`);
    assert.equal(error.outcomeUnknown, undefined);
    // What fetch itself says of the value: it refuses it too.
    assert.throws(() => new Headers({ 'X-Tag': value }), TypeError);
  }
  assert.equal(requests.length, 0);
  const latin1 = new pkg.CallingBox({ apiKey: 'sk_test_x', baseUrl: 'https://api.example.test', fetchImpl, headers: { 'X-Tag': 'café' } });
  await latin1.webhookEndpoints.create({ url: 'https://a.example/' });
  assert.equal(requests[0].init.headers['X-Tag'], 'café');
});

test('answers are read as JSON.parse reads them: lone surrogates kept, integers beyond 2^53 refused', async () => {
  const lone = JSON.stringify({ ...endpoint, description: '\ud800 lone', extra_field: { nested: ['\udfff'] } });
  assert.match(lone, /\\ud800/, 'the answer holds the escape');
  const { fetchImpl } = recorder(lone, 200);
  const client = new pkg.CallingBox({ apiKey: 'sk_test_x', baseUrl: 'https://api.example.test', fetchImpl, maxRetries: 0 });
  const got = await client.webhookEndpoints.retrieve('ep_1');
  assert.deepEqual(got, JSON.parse(lone), 'the object JSON.parse makes, unknown fields included');
  assert.equal(got.description, '\ud800 lone');

  const big = JSON.stringify(endpoint).replace('"consecutive_failures":0', '"consecutive_failures":9007199254740993');
  const rounded = new pkg.CallingBox({ apiKey: 'sk_test_x', baseUrl: 'https://api.example.test', fetchImpl: recorder(big, 200).fetchImpl, maxRetries: 0 });
  const error = await rounded.webhookEndpoints.retrieve('ep_1').catch((e) => e);
  assert.ok(error instanceof pkg.ApiError, `${error}`);
  assert.match(error.message, /not what the API documents.*2\^53 - 1/);
  const safe = JSON.stringify(endpoint).replace('"consecutive_failures":0', '"consecutive_failures":9007199254740991');
  const fine = new pkg.CallingBox({ apiKey: 'sk_test_x', baseUrl: 'https://api.example.test', fetchImpl: recorder(safe, 200).fetchImpl });
  assert.equal((await fine.webhookEndpoints.retrieve('ep_1')).consecutive_failures, Number.MAX_SAFE_INTEGER);
});

test('the key hint in a message stays readable while real keys are redacted', () => {
  const error = (() => {
    try {
      new pkg.CallingBox({ apiKey: 'sk_live_ with a space' });
    } catch (e) {
      return e;
    }
  })();
  assert.ok(error instanceof pkg.ValidationError);
  assert.match(error.message, /API keys look like sk_live_\.\.\./);
  assert.doesNotMatch(error.message, /with a space/);
});
