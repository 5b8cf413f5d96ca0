// Hostile values thrown at every client export, thousands of times each,
// in one wasm instance: no caller value may run code that throws through
// the wasm (each such throw leaks shadow-stack space, and a few thousand
// break the instance for good), and none may trap it. After each kind, a
// valid call must still work, and only documented errors may have escaped.
//
// Runs in-process against pkg/node.js with a fetchImpl that answers like
// the API (no network).
//
//   make build && node --test tests/client/hostile.test.mjs
import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as pkg from '../../pkg/node.js';
import { SECRET, delivery, endpoint } from './answers.mjs';

delete process.env.CALLINGBOX_API_KEY;
delete process.env.CALLINGBOX_BASE_URL;

// More than the ~3,600 throws through wasm frames that break an instance.
const TIMES = Number(process.env.HOSTILE_TIMES ?? 4000);
const KEY = 'sk_test_hostile_values';
const BASE = 'https://api.example.test';



/** Answers each route like the API. */
async function apiFetch(url, init) {
  const path = new URL(url).pathname;
  let body;
  if (path.startsWith('/v1/webhook_deliveries')) body = path === '/v1/webhook_deliveries' ? { data: [delivery] } : delivery;
  else if (init.method === 'POST') body = { ...endpoint, signing_secret: SECRET };
  else if (path === '/v1/webhook_endpoints') body = { data: [endpoint] };
  else if (init.method === 'DELETE') return new Response(null, { status: 204 });
  else body = endpoint;
  return new Response(JSON.stringify(body), { status: init.method === 'POST' ? 201 : 200, headers: { 'content-type': 'application/json' } });
}

const boom = () => {
  throw new Error('hostile getter');
};
const revoked = () => {
  const { proxy, revoke } = Proxy.revocable({}, {});
  revoke();
  return proxy;
};
const cyclic = () => {
  const o = { url: 'https://a.example/' };
  o.self = o;
  return o;
};

/** Values that run code when looked at, each made fresh. */
const HOSTILE = {
  'a throwing getter': () => Object.defineProperty({}, 'url', { get: boom, enumerable: true }),
  'a proxy whose get trap throws': () => new Proxy({}, { get: boom }),
  'a proxy whose ownKeys trap throws': () => new Proxy({}, { ownKeys: boom }),
  'a proxy whose getOwnPropertyDescriptor trap throws': () => new Proxy({ a: 1 }, { getOwnPropertyDescriptor: boom }),
  'a proxy whose getPrototypeOf trap throws': () => new Proxy({}, { getPrototypeOf: boom }),
  'a proxy whose has trap throws': () => new Proxy({}, { has: boom }),
  'a revoked proxy': revoked,
  'a revoked proxy of an array': () => {
    const { proxy, revoke } = Proxy.revocable([], {});
    revoke();
    return proxy;
  },
  'an object whose Symbol.toPrimitive throws': () => ({ [Symbol.toPrimitive]: boom }),
  'an object whose toString and valueOf throw': () => ({ toString: boom, valueOf: boom }),
  'an object whose toJSON throws': () => ({ toJSON: boom }),
  'a BigInt': () => 10n,
  'a Symbol': () => Symbol('x'),
  'a cyclic object': cyclic,
  'an object holding a BigInt': () => ({ url: 'https://a.example/', description: 1n }),
  'a function with a throwing getter': () => Object.defineProperty(() => {}, 'url', { get: boom, enumerable: true }),
  'an iterable whose iterator throws': () => ({ [Symbol.iterator]: boom }),
  'an iterable whose next throws': () => ({ [Symbol.iterator]: () => ({ next: boom }) }),
  'an iterable whose result has a throwing done': () => ({ [Symbol.iterator]: () => ({ next: () => Object.defineProperty({}, 'done', { get: boom }) }) }),
  'a Map whose entries throw': () => Object.assign(new Map([['a', 'b']]), { entries: boom, [Symbol.iterator]: boom }),
  'a String object': () => new String('ep_1'),
  'a number that is not finite': () => Number.POSITIVE_INFINITY,
  'a string with a lone surrogate': () => '\ud800',
  'a 64 KiB string': () => 'x'.repeat(1 << 16),
};

let client;
const freshClient = () => new pkg.CallingBox({ apiKey: KEY, baseUrl: BASE, fetchImpl: apiFetch, maxRetries: 0 });

/** The instance still works: a call, a signature check, a construction. */
async function stillHealthy(after) {
  const created = await freshClient().webhookEndpoints.create({ url: 'https://hooks.example.test/in' });
  assert.equal(created.signing_secret, SECRET, `after ${after}`);
  const payload = '{"id":"evt_1"}';
  const header = pkg.signPayload(payload, SECRET, { timestamp: Math.floor(Date.now() / 1000) });
  assert.equal(pkg.verifySignature(payload, header, SECRET), true, `verify after ${after}`);
}

/** The errors a hostile value may give, by name (class names are not kept by minifiers). */
const DOCUMENTED = () => ({ ValidationError: pkg.ValidationError, ConnectionError: pkg.ConnectionError, TypeError });

/**
 * Makes TIMES calls, going round `calls` (name -> function); every outcome
 * must be a value or a documented error. Then a valid call must work.
 */
async function hammer(what, calls, check = () => {}) {
  const classes = DOCUMENTED();
  const seen = new Map();
  const entries = Object.entries(calls);
  for (let i = 0; i < TIMES; i++) {
    const [target, call] = entries[i % entries.length];
    let error;
    try {
      await call();
    } catch (e) {
      error = e;
    }
    if (error === undefined) continue;
    const name = Object.entries(classes).find(([, c]) => error instanceof c)?.[0];
    assert.ok(name, `${target} with ${what}: ${error?.name}: ${error?.message} is not a documented error`);
    assert.doesNotMatch(String(error), /RuntimeError|unreachable|memory access out of bounds/, `${target} with ${what}`);
    check(error);
    seen.set(name, (seen.get(name) ?? 0) + 1);
  }
  await stillHealthy(what);
  return seen;
}

const OPTIONS = ['apiKey', 'baseUrl', 'fetchImpl', 'timeoutMs', 'maxRetries', 'signal', 'headers', 'dangerouslyAllowBrowser'];
const CALL_OPTIONS = ['signal', 'timeoutMs', 'maxRetries', 'headers'];

test(`each kind of hostile value as the client options, or as any one option, ${TIMES} times`, async () => {
  client = freshClient();
  for (const [kind, make] of Object.entries(HOSTILE)) {
    const calls = { 'new CallingBox(options)': () => new pkg.CallingBox(make()) };
    for (const option of OPTIONS) {
      calls[`new CallingBox({ ${option} })`] = () => new pkg.CallingBox({ apiKey: KEY, baseUrl: BASE, [option]: make() });
    }
    const seen = await hammer(kind, calls);
    assert.ok(!seen.has('TypeError'), `${kind}: only ValidationErrors: ${[...seen.keys()]}`);
  }
});

test('a throwing option getter is a ValidationError that names the option', async () => {
  for (const option of OPTIONS) {
    const options = Object.defineProperty({ apiKey: KEY, baseUrl: BASE }, option, { get: boom, enumerable: true });
    const error = (() => {
      try {
        new pkg.CallingBox(options);
      } catch (e) {
        return e;
      }
    })();
    assert.ok(error instanceof pkg.ValidationError, `${option}: ${error}`);
    assert.equal(error.param, option);
    assert.match(error.message, new RegExp(`options\\.${option} could not be read.*hostile getter`));
  }
});

test(`each kind of hostile value as the parameters, ids and per-call options of every method, ${TIMES} times`, async () => {
  const endpoints = client.webhookEndpoints;
  const deliveries = client.webhookDeliveries;
  for (const [kind, make] of Object.entries(HOSTILE)) {
    const calls = {
      'webhookEndpoints.create(params)': () => endpoints.create(make()),
      'webhookEndpoints.update(id, params)': () => endpoints.update('ep_1', make()),
      'webhookEndpoints.update(id)': () => endpoints.update(make(), {}),
      'webhookEndpoints.retrieve(id)': () => endpoints.retrieve(make()),
      'webhookEndpoints.delete(id)': () => endpoints.delete(make()),
      'webhookEndpoints.rotateSecret(id)': () => endpoints.rotateSecret(make()),
      'webhookDeliveries.list(params)': () => deliveries.list(make()),
      'webhookDeliveries.retrieve(id)': () => deliveries.retrieve(make()),
      'webhookDeliveries.redeliver(id)': () => deliveries.redeliver(make()),
      'webhookDeliveries.iterate(params).next()': () => deliveries.iterate(make()).next(),
      'createWebhookEndpoint(params)': () => pkg.createWebhookEndpoint(make(), { apiKey: KEY, baseUrl: BASE, fetchImpl: apiFetch }),
      'createWebhookEndpoint(params, options)': () => pkg.createWebhookEndpoint({ url: 'https://a.example/' }, make()),
      'webhookEndpoints.list(options)': () => endpoints.list(make()),
    };
    for (const option of CALL_OPTIONS) {
      calls[`webhookEndpoints.list({ ${option} })`] = () => endpoints.list({ [option]: make() });
    }
    await hammer(kind, calls);
  }
});

test('the errors for hostile parameters name what could not be read', async () => {
  const endpoints = client.webhookEndpoints;
  const rejection = async (promise) => promise.then(() => assert.fail('expected a rejection'), (e) => e);
  let e = await rejection(endpoints.create(HOSTILE['a proxy whose get trap throws']()));
  assert.ok(e instanceof pkg.ValidationError);
  assert.equal(e.param, 'params');
  assert.match(e.message, /the parameters could not be read: .*hostile getter/);
  e = await rejection(endpoints.create(HOSTILE['a revoked proxy']()));
  assert.equal(e.param, 'params');
  assert.match(e.message, /revoked/);
  e = await rejection(endpoints.create({ url: 'https://a.example/', description: '\ud800' }));
  assert.equal(e.param, 'params');
  assert.match(e.message, /lone UTF-16 surrogate/);
  e = await rejection(endpoints.list({ headers: new Proxy({}, { ownKeys: boom }) }));
  assert.equal(e.param, 'headers');
  e = await rejection(endpoints.list({ signal: { aborted: false, addEventListener: boom, removeEventListener() {} } }));
  assert.ok(e instanceof pkg.ValidationError);
  assert.equal(e.param, 'signal');
  assert.match(e.message, /signal\.addEventListener threw/);
  e = await rejection(endpoints.retrieve({ [Symbol.toPrimitive]: boom }));
  assert.equal(e.param, 'id');
});

/** fetchImpl answers that run code when the client looks at them. */
const HOSTILE_ANSWERS = {
  'throws synchronously': () => boom(),
  'returns a thenable whose then getter throws': () => Object.defineProperty({}, 'then', { get: boom }),
  'returns a thenable whose then throws': () => ({ then: boom }),
  'returns a revoked proxy': () => revoked(),
  'returns a proxy whose get trap throws': () => new Proxy({}, { get: boom }),
  'returns an answer whose status getter throws': () => Object.defineProperty({ text: async () => '{}', headers: {} }, 'status', { get: boom }),
  'returns an answer whose text getter throws': () => Object.defineProperty({ status: 200, headers: {} }, 'text', { get: boom }),
  'returns an answer whose text() throws': () => ({ status: 200, headers: {}, text: boom }),
  'returns an answer whose text() gives a proxy': () => ({ status: 200, headers: {}, text: async () => new Proxy({}, { get: boom }) }),
  'returns an answer whose headers are a revoked proxy': () => ({ status: 200, text: async () => JSON.stringify(endpoint), headers: revoked() }),
  'returns an answer whose headers iterator throws': () => ({ status: 200, text: async () => JSON.stringify(endpoint), headers: { [Symbol.iterator]: boom } }),
  'returns an answer whose header pair getter throws': () => ({
    status: 200,
    text: async () => JSON.stringify(endpoint),
    headers: [Object.defineProperty([], 0, { get: boom })],
  }),
  'rejects with a proxy whose get trap throws': () => Promise.reject(new Proxy({}, { get: boom })),
  'rejects with a revoked proxy': () => Promise.reject(revoked()),
  'rejects with an error whose cause getter throws': () => Promise.reject(Object.defineProperty(new TypeError('x'), 'cause', { get: boom })),
};

test(`each kind of hostile fetchImpl answer gives ConnectionErrors, ${TIMES} times`, async () => {
  for (const [kind, answer] of Object.entries(HOSTILE_ANSWERS)) {
    const hostile = new pkg.CallingBox({ apiKey: KEY, baseUrl: BASE, fetchImpl: answer, maxRetries: 0, timeoutMs: 1000 });
    const seen = await hammer(`a fetchImpl that ${kind}`, {
      'webhookEndpoints.retrieve': () => hostile.webhookEndpoints.retrieve('ep_1'),
      'webhookEndpoints.create': () => hostile.webhookEndpoints.create({ url: 'https://a.example/' }),
    });
    assert.deepEqual([...seen.keys()].filter((name) => name !== 'ConnectionError'), [], `${kind}: ${[...seen.keys()]}`);
  }
});

test('a getter that calls back into the client while it reads its options still gets a working client', async () => {
  let reentered = 0;
  const options = {
    apiKey: KEY,
    baseUrl: BASE,
    get fetchImpl() {
      reentered += 1;
      // Re-entrant calls, from inside the constructor's reading of options.
      new pkg.CallingBox({ apiKey: KEY, baseUrl: BASE });
      pkg.verifySignature('{}', 't=1,v1=00', SECRET);
      return apiFetch;
    },
  };
  const rounds = Math.ceil(TIMES / 4);
  for (let i = 0; i < rounds; i++) {
    const reentrant = new pkg.CallingBox(options);
    assert.equal((await reentrant.webhookEndpoints.retrieve('ep_1')).id, 'ep_1');
  }
  assert.equal(reentered, rounds);
  await stillHealthy('re-entrant getters');
});

/** The error a synchronous or asynchronous call ends with (undefined if it succeeds). */
async function outcome(call) {
  try {
    await call();
    return undefined;
  } catch (error) {
    return error;
  }
}

test(`methods called on a freed, forged or foreign object throw a TypeError before the wasm, ${TIMES} times, and the instance stays healthy`, async () => {
  const live = freshClient();
  const freedClient = freshClient();
  const freedEndpoints = freedClient.webhookEndpoints;
  const disposedDeliveries = freedClient.webhookDeliveries;
  const freedIterator = live.webhookDeliveries.iterate();
  freedClient.free();
  freedEndpoints.free();
  freedEndpoints.free(); // a second free frees nothing
  (disposedDeliveries[Symbol.dispose] ?? disposedDeliveries.free).call(disposedDeliveries);
  freedIterator.free();
  const endpoints = live.webhookEndpoints;
  const calls = {
    'a freed client': () => freedClient.webhookEndpoints,
    'freed endpoints': () => freedEndpoints.list(),
    'disposed deliveries': () => disposedDeliveries.retrieve('del_1'),
    'a freed iterator': () => freedIterator.next(),
    'a plain object': () => endpoints.list.call({}),
    "an object carrying a live object's pointer": () => endpoints.create.call({ __wbg_ptr: endpoints.__wbg_ptr }, { url: 'https://a.example/' }),
    'an object made from the prototype': () => Object.create(pkg.WebhookEndpoints.prototype).retrieve('ep_1'),
    'new WebhookEndpoints()': () => new pkg.WebhookEndpoints().list(),
    'a Proxy of a live object': () => endpoints.list.call(new Proxy(endpoints, {})),
    'undefined': () => endpoints.list.call(undefined),
    'a getter of a freed client, read directly': () => Object.getOwnPropertyDescriptor(pkg.CallingBox.prototype, 'webhookDeliveries').get.call(freedClient),
  };
  const entries = Object.entries(calls);
  for (let i = 0; i < TIMES; i++) {
    const [what, call] = entries[i % entries.length];
    const error = await outcome(call);
    assert.ok(error instanceof TypeError, `${what}: ${error}`);
    assert.match(error.message, /not a live (CallingBox|WebhookEndpoints|WebhookDeliveries|WebhookDeliveryIterator): it was freed, or not made by this package/, what);
  }
  assert.equal((await endpoints.retrieve('ep_1')).id, 'ep_1');
  await stillHealthy('calls on freed and forged objects');
});

test("overwriting a live object's pointer or __destroy_into_raw does not redirect the wasm, and subclasses work", async () => {
  const endpoints = freshClient().webhookEndpoints;
  endpoints.__wbg_ptr = 8;
  assert.equal((await endpoints.retrieve('ep_1')).id, 'ep_1', 'the pointer the glue gave it is used');
  endpoints.__destroy_into_raw = () => 8;
  endpoints.free();
  assert.ok((await outcome(() => endpoints.list())) instanceof TypeError, 'freed');
  class MyClient extends pkg.CallingBox {
    endpoint(id) {
      return this.webhookEndpoints.retrieve(id);
    }
  }
  const mine = new MyClient({ apiKey: KEY, baseUrl: BASE, fetchImpl: apiFetch });
  assert.ok(mine instanceof MyClient && mine instanceof pkg.CallingBox);
  assert.equal((await mine.endpoint('ep_1')).id, 'ep_1');
  assert.equal(mine.constructor, MyClient);
  assert.equal(freshClient().constructor, pkg.CallingBox);
  assert.equal(pkg.CallingBox.name, 'CallingBox');
  await stillHealthy('overwritten pointers');
});

test('parameters JSON would drop or change are refused before any request, naming the field', async () => {
  let requests = 0;
  const counting = new pkg.CallingBox({ apiKey: KEY, baseUrl: BASE, fetchImpl: (...args) => (requests++, apiFetch(...args)) });
  const hugeLength = new Proxy(['call.completed'], { get: (target, key) => (key === 'length' ? 2 ** 32 - 1 : Reflect.get(target, key)) });
  const sparse = ['call.completed'];
  sparse.length = 2 ** 32 - 1;
  const cases = [
    [{ description: () => 'x' }, /params\.description is a function/],
    [{ description: Symbol('x') }, /params\.description is a symbol/],
    [{ description: 1n }, /params\.description is a bigint/],
    [{ description: new Date(0) }, /params\.description is a Date/],
    [{ enabled_events: [() => 'call.completed'] }, /params\.0 is a function/],
    [{ enabled_events: hugeLength }, /params\.enabled_events has over 1000 items/],
    [{ enabled_events: sparse }, /params\.enabled_events has over 1000 items/],
    [{ description: '\ud800' }, /lone UTF-16 surrogate/],
  ];
  for (const [extra, message] of cases) {
    const error = await outcome(() => counting.webhookEndpoints.create({ url: 'https://a.example/', ...extra }));
    assert.ok(error instanceof pkg.ValidationError, `${message}: ${error}`);
    assert.equal(error.param, 'params');
    assert.match(error.message, message);
  }
  for (const limit of [Number.NaN, Number.POSITIVE_INFINITY, new Date(0), () => 10, Symbol('limit')]) {
    const error = await outcome(() => counting.webhookDeliveries.list({ limit }));
    assert.ok(error instanceof pkg.ValidationError, `limit ${String(limit)}: ${error}`);
  }
  assert.equal(requests, 0);
});

test('header lists of 2^32 - 1 entries or without end are refused after 100 headers, not read to the end', async () => {
  const hugeLength = new Proxy([['x-a', 'b']], { get: (target, key) => (key === 'length' ? 2 ** 32 - 1 : Reflect.get(target, key)) });
  const sparse = [['x-a', 'b']];
  sparse.length = 2 ** 32 - 1;
  const endless = { *[Symbol.iterator]() { for (;;) yield ['x-a', 'b']; } };
  for (const headers of [hugeLength, sparse, endless]) {
    const error = await outcome(() => new pkg.CallingBox({ apiKey: KEY, baseUrl: BASE, headers }));
    assert.ok(error instanceof pkg.ValidationError, String(error));
    assert.equal(error.param, 'headers');
    assert.match(error.message, /at most 100 headers/);
  }
  const hundred = Array.from({ length: 100 }, (_, i) => [`x-h${i}`, 'v']);
  assert.ok(new pkg.CallingBox({ apiKey: KEY, baseUrl: BASE, headers: hundred }));
});
