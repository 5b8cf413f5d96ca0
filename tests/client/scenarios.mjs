// The API client's scenarios against the CallingBox emulator, written once
// for every runtime: Node (client.test.mjs, node:test), a browser page and a
// Worker (createRunner() from support.mjs). Nothing here imports a Node
// built-in; the package and the emulator's URL come in as arguments.
//
//   defineClientScenarios({
//     pkg,                      // the imported package (pkg/node.js, pkg/browser.js, pkg/workerd.js)
//     baseUrl: () => url,       // the emulator, started with --allow-http-localhost --time-scale 3600
//     test,                     // (name, async fn) => void: node:test's `test`, or createRunner().test
//     clientOptions,            // merged into every client's options, e.g. { dangerouslyAllowBrowser: true }
//     runtime,                  // 'node' | 'browser' | 'workerd'
//     soakCalls,                // calls in the soak (default 1000)
//     soakSeed,                 // the soak's PRNG seed (default 20261126)
//     soakWorkers,              // concurrent callers in the soak (default 10; browsers open 6 connections per host)
//     extra,                    // (helpers) => void: runtime-specific scenarios, defined before the leak checks
//   });
//
// Each scenario resets the emulator first, so they share one emulator but
// not its state. The last scenario checks every error the others produced
// for keys and signing secrets, so run them in the order they are defined.
import { AssertionError, KEY, assert, emulatorControl, rng, sleep } from './support.mjs';

/** A closed local port: endpoints point here, so no delivery leaves the machine. */
const hookUrl = (tag) => `http://127.0.0.1:9/hooks/${tag}`;

export function defineClientScenarios({
  pkg,
  baseUrl,
  test,
  clientOptions = {},
  runtime = 'node',
  soakCalls = 1000,
  soakSeed = 20261126,
  soakWorkers = 10,
  extra,
}) {
  const base = () => (typeof baseUrl === 'function' ? baseUrl() : baseUrl);
  const ctl = () => emulatorControl(base());
  /** Every error any scenario caught, for the last scenario's leak check. */
  const collected = [];
  /** Every signing secret any scenario saw. */
  const secrets = new Set();

  const newClient = (extra = {}) => new pkg.CallingBox({ apiKey: KEY, baseUrl: base(), ...clientOptions, ...extra });
  const remember = (endpoint) => {
    if (endpoint?.signing_secret) secrets.add(endpoint.signing_secret);
    return endpoint;
  };
  async function failure(promise, what = 'the call') {
    try {
      await promise;
    } catch (error) {
      collected.push(error);
      return error;
    }
    throw new Error(`expected ${what} to fail`);
  }
  function failureSync(fn) {
    try {
      fn();
    } catch (error) {
      collected.push(error);
      return error;
    }
    throw new Error('expected a synchronous throw');
  }
  /** API requests as the emulator logged them, without browser preflights. */
  const requests = async (filter) => (await ctl().requests(filter)).filter((r) => r.method !== 'OPTIONS');
  const elapsed = async (promise) => {
    const started = Date.now();
    const value = await promise;
    return { value, ms: Date.now() - started };
  };
  /**
   * A call whose connection the emulator drops after processing. Chromium
   * re-sends a request by itself when a reused keep-alive connection closes
   * before any answer, POSTs included (its network stack does this below
   * fetch; Node's undici does not). So in a browser the dropped request can
   * come back as the answer to a second request the browser made: the call
   * "succeeds" and the server acted twice. No fetch-based client can prevent
   * that (the README says so: keep creates and rotations on a server).
   * Resolves { error } as everywhere else, or, in a browser only,
   * { resentByBrowser: true } after checking that the browser sent it twice.
   */
  async function droppedCall(start, method, path) {
    const before = (await requests({ method, path })).length;
    let value;
    try {
      value = await start();
    } catch (error) {
      collected.push(error);
      return { error };
    }
    if (runtime !== 'browser') throw new AssertionError('a dropped connection must fail the call');
    assert.equal((await requests({ method, path })).length - before, 2, 'the browser sent it twice');
    return { value, resentByBrowser: true };
  }
  async function waitFor(probe, what, timeoutMs = 5000) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = await probe();
      if (value) return value;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await sleep(25);
    }
  }

  test('every webhook endpoint route round-trips through the emulator', async () => {
    await ctl().reset();
    const client = newClient();
    const endpoints = client.webhookEndpoints;
    const created = remember(
      await endpoints.create({
        url: hookUrl('round-trip'),
        description: 'round trip',
        enabled_events: ['call.completed', 'call.failed'],
      }),
    );
    assert.match(created.signing_secret, /^whsec_/);
    assert.equal(created.url, hookUrl('round-trip'));
    assert.equal(created.description, 'round trip');
    assert.deepEqual(created.enabled_events, ['call.completed', 'call.failed']);
    assert.equal(created.status, 'enabled');
    assert.equal(created.disabled_reason, null);

    const listed = await endpoints.list();
    assert.equal(listed.length, 1);
    assert.equal(listed[0].id, created.id);
    assert.equal('signing_secret' in listed[0], false, 'list never shows the secret');
    assert.equal((await endpoints.retrieve(created.id)).url, created.url);

    const updated = await endpoints.update(created.id, { description: null, status: 'disabled', enabled_events: ['*'] });
    assert.equal(updated.description, null, 'description: null clears it');
    assert.equal(updated.status, 'disabled');
    assert.deepEqual(updated.enabled_events, ['*']);
    const unchanged = await endpoints.update(created.id, { url: hookUrl('moved') });
    assert.equal(unchanged.url, hookUrl('moved'));
    assert.equal(unchanged.status, 'disabled', 'fields not given stay as they were');

    const rotated = remember(await endpoints.rotateSecret(created.id));
    assert.match(rotated.signing_secret, /^whsec_/);
    assert.ok(rotated.signing_secret !== created.signing_secret, 'rotation gives a new secret');

    assert.equal(await endpoints.delete(created.id), undefined);
    const gone = await failure(endpoints.retrieve(created.id));
    assert.ok(gone instanceof pkg.NotFoundError, `${gone}`);

    const id = created.id;
    assert.deepEqual(
      (await requests()).map((r) => `${r.method} ${r.path}`),
      [
        'POST /v1/webhook_endpoints',
        'GET /v1/webhook_endpoints',
        `GET /v1/webhook_endpoints/${id}`,
        `PATCH /v1/webhook_endpoints/${id}`,
        `PATCH /v1/webhook_endpoints/${id}`,
        `POST /v1/webhook_endpoints/${id}/rotate_secret`,
        `DELETE /v1/webhook_endpoints/${id}`,
        `GET /v1/webhook_endpoints/${id}`,
      ],
    );
  });

  test('every webhook delivery route round-trips through the emulator', async () => {
    await ctl().reset();
    const client = newClient();
    const endpoint = remember(await client.webhookEndpoints.create({ url: hookUrl('deliveries') }));
    await ctl().emit('call.completed');
    await ctl().emit('call.failed');

    const listed = await client.webhookDeliveries.list({ endpoint_id: endpoint.id, limit: 10 });
    assert.equal(listed.length, 2);
    assert.ok(listed.every((d) => d.endpoint_id === endpoint.id));
    assert.deepEqual(listed.map((d) => d.event_type).sort(), ['call.completed', 'call.failed']);
    const [logged] = await requests({ method: 'GET', path: '/v1/webhook_deliveries' });
    assert.deepEqual(logged.query, { endpoint_id: endpoint.id, limit: '10' }, 'filters go into the query');

    const delivery = await client.webhookDeliveries.retrieve(listed[0].id);
    assert.equal(delivery.id, listed[0].id);
    const redelivered = await client.webhookDeliveries.redeliver(delivery.id);
    assert.equal(redelivered.id, delivery.id, 'a redelivery keeps the event id');
    assert.equal(redelivered.status, 'pending');

    const iterated = [];
    for await (const item of client.webhookDeliveries.iterate({ endpoint_id: endpoint.id })) iterated.push(item.id);
    assert.deepEqual(iterated.sort(), listed.map((d) => d.id).sort(), 'iterate yields the one list answer');
    assert.equal((await requests({ method: 'GET', path: '/v1/webhook_deliveries' })).length, 2, 'iterate made one request');

    const early = client.webhookDeliveries.iterate({ endpoint_id: endpoint.id });
    for await (const item of early) {
      assert.ok(item.id);
      break;
    }
    assert.deepEqual(await early.next(), { value: undefined, done: true }, 'break ends the iterator');
  });

  test("the seed's curl example goes on the wire exactly", async () => {
    await ctl().reset();
    const params = {
      url: 'https://your-server.com/callingbox-webhook',
      description: '<string>',
      enabled_events: ['call.completed'],
    };
    const endpoint = remember(await pkg.createWebhookEndpoint(params, { apiKey: KEY, baseUrl: base(), ...clientOptions }));
    assert.equal(endpoint.url, params.url);
    const sent = await requests();
    assert.equal(sent.length, 1);
    const [request] = sent;
    assert.equal(request.method, 'POST');
    assert.equal(request.path, '/v1/webhook_endpoints');
    assert.deepEqual(request.query, {});
    assert.equal(request.headers.authorization, 'Bearer <redacted>');
    assert.equal(request.auth_key_valid, true, 'Authorization: Bearer <the key>');
    assert.equal(request.headers['content-type'], 'application/json');
    assert.equal(request.body, JSON.stringify(params), 'the JSON body, byte for byte');
    const own = Object.keys(request.headers).filter((h) => h.startsWith('x-') || h.startsWith('callingbox'));
    assert.deepEqual(own, [], 'no headers of our own beyond the seed');
    await ctl().reset(); // the seed's url is not local: drop it before anything could deliver to it
  });

  test('each error status becomes its error class with the request id and headers', async () => {
    await ctl().reset();
    const client = newClient({ maxRetries: 0 });
    const cases = [
      [400, 'BadRequestError'],
      [401, 'AuthenticationError'],
      [403, 'PermissionDeniedError'],
      [404, 'NotFoundError'],
      [409, 'ApiError'],
      [422, 'ApiError'],
      [429, 'RateLimitError'],
      [500, 'InternalServerError'],
      [502, 'InternalServerError'],
      [503, 'InternalServerError'],
      [504, 'InternalServerError'],
    ];
    for (const [status, className] of cases) {
      await ctl().fault('GET', '/v1/webhook_endpoints', { status });
      const error = await failure(client.webhookEndpoints.list());
      assert.ok(error instanceof pkg[className], `${status}: ${error}`);
      assert.ok(error instanceof pkg.ApiError && error instanceof pkg.CallingBoxError && error instanceof Error);
      assert.equal(error.name, className);
      assert.equal(error.status, status);
      const logged = (await requests({ method: 'GET' })).at(-1);
      assert.match(error.requestId, /^req_/);
      assert.equal(error.requestId, logged.request_id, 'requestId is the x-request-id header');
      assert.equal(error.headers['x-request-id'], logged.request_id, 'headers is a plain object');
      assert.match(error.message, new RegExp(`HTTP ${status}`));
      assert.match(error.message, new RegExp(logged.request_id), 'the message names the request');
    }
  });

  test('both error body forms and non-JSON bodies give a readable message and the code', async () => {
    await ctl().reset();
    const client = newClient({ maxRetries: 0 });
    await ctl().fault('GET', '/v1/webhook_endpoints', {
      status: 400,
      body: { error: { message: 'limit is odd', code: 'invalid_limit' } },
    });
    const objectForm = await failure(client.webhookEndpoints.list());
    assert.equal(objectForm.code, 'invalid_limit');
    assert.match(objectForm.message, /limit is odd/);

    await ctl().fault('GET', '/v1/webhook_endpoints', { status: 400, body: { error: 'plain words' } });
    const stringForm = await failure(client.webhookEndpoints.list());
    assert.equal(stringForm.code, null);
    assert.match(stringForm.message, /plain words/);

    await ctl().fault('GET', '/v1/webhook_endpoints', { status: 502, raw_body: '<html><h1>Bad Gateway</h1></html>' });
    const html = await failure(client.webhookEndpoints.list());
    assert.ok(html instanceof pkg.InternalServerError);
    assert.match(html.message, /<html><h1>Bad Gateway<\/h1><\/html>/);

    const real = await failure(client.webhookEndpoints.retrieve('no-such-endpoint'));
    assert.ok(real instanceof pkg.NotFoundError);
    assert.match(real.message, /webhook endpoint no-such-endpoint not found/);
  });

  test('a Retry-After in seconds is waited for before the retry', async () => {
    await ctl().reset();
    const client = newClient();
    await ctl().fault('GET', '/v1/webhook_endpoints', { status: 429, retry_after: '1' });
    const { ms } = await elapsed(client.webhookEndpoints.list());
    assert.between(ms, 950, 2500, 'waited about 1 s');
    assert.equal((await requests({ method: 'GET' })).length, 2);
  });

  test('a Retry-After as an HTTP-date is waited for until that time', async () => {
    await ctl().reset();
    const client = newClient();
    const until = new Date(Date.now() + 2000).toUTCString();
    await ctl().fault('GET', '/v1/webhook_endpoints', { status: 503, retry_after: until });
    const { ms } = await elapsed(client.webhookEndpoints.list());
    assert.between(ms, 900, 3000, `waited until ${until}`);
    assert.equal((await requests({ method: 'GET' })).length, 2);
  });

  test('a Retry-After beyond 60 s is not waited for: RateLimitError with retryAfterMs', async () => {
    await ctl().reset();
    const client = newClient();
    await ctl().fault('GET', '/v1/webhook_endpoints', { status: 429, retry_after: '3600' });
    const { value: error, ms } = await elapsed(failure(client.webhookEndpoints.list()));
    assert.ok(error instanceof pkg.RateLimitError);
    assert.equal(error.retryAfterMs, 3_600_000);
    assert.ok(ms < 1000, `failed at once (${ms} ms)`);
    assert.equal((await requests({ method: 'GET' })).length, 1);
  });

  test('a create refused with 429 is retried and creates exactly one endpoint', async () => {
    await ctl().reset();
    const client = newClient();
    await ctl().fault('POST', '/v1/webhook_endpoints', { status: 429, retry_after: '0' });
    await ctl().fault('POST', '/v1/webhook_endpoints', { status: 503, retry_after: '0' });
    remember(await client.webhookEndpoints.create({ url: hookUrl('rate-limited') }));
    const posts = await requests({ method: 'POST', path: '/v1/webhook_endpoints' });
    assert.equal(posts.length, 3, '429, 503 with Retry-After, then 201');
    assert.equal(posts.filter((p) => p.processed).length, 1);
    assert.equal((await ctl().endpoints()).length, 1);
  });

  test('a create answered 500 is not retried and says its outcome is unknown', async () => {
    await ctl().reset();
    const client = newClient();
    // The server creates the endpoint, then answers 500 (a crash after commit).
    await ctl().fault('POST', '/v1/webhook_endpoints', { status: 500, raw_body: '{"error":"crashed after commit"}' });
    const error = await failure(client.webhookEndpoints.create({ url: hookUrl('crash') }));
    assert.ok(error instanceof pkg.InternalServerError, `${error}`);
    assert.equal(error.outcomeUnknown, true);
    assert.match(error.message, /outcome is unknown/);
    assert.match(error.message, /webhookEndpoints\.list\(\)/);
    assert.equal((await requests({ method: 'POST' })).length, 1, 'sent once');
    assert.equal((await ctl().endpoints()).length, 1, 'exactly one endpoint exists');

    await ctl().fault('POST', '/v1/webhook_endpoints', { status: 502 });
    const plain = await failure(client.webhookEndpoints.create({ url: hookUrl('bad-gateway') }));
    assert.equal(plain.outcomeUnknown, true, 'a 502 may come after the work was done');
    assert.equal((await requests({ method: 'POST' })).length, 2);
  });

  test('a create that outlives timeoutMs is not retried: TimeoutError with an unknown outcome', async () => {
    await ctl().reset();
    const client = newClient({ timeoutMs: 200 });
    await ctl().fault('POST', '/v1/webhook_endpoints', { delay_ms: 800 });
    const { value: error, ms } = await elapsed(failure(client.webhookEndpoints.create({ url: hookUrl('slow') })));
    assert.ok(error instanceof pkg.TimeoutError && error instanceof pkg.ConnectionError, `${error}`);
    assert.equal(error.outcomeUnknown, true);
    assert.match(error.message, /timed out after 200 ms/);
    assert.ok(ms < 700, `settled within its budget (${ms} ms)`);
    await waitFor(async () => (await ctl().endpoints()).length === 1, 'the slow create to finish');
    await sleep(300);
    assert.equal((await requests({ method: 'POST' })).length, 1, 'never sent again');
    assert.equal((await ctl().endpoints()).length, 1, 'exactly one endpoint exists');
  });

  test('a create whose connection drops after processing is not retried', async () => {
    await ctl().reset();
    const client = newClient();
    await ctl().fault('POST', '/v1/webhook_endpoints', { drop_after_processing: true });
    const { error, resentByBrowser } = await droppedCall(
      () => client.webhookEndpoints.create({ url: hookUrl('dropped') }),
      'POST',
      '/v1/webhook_endpoints',
    );
    if (resentByBrowser) {
      assert.equal((await ctl().endpoints()).length, 2, 'the browser duplicated it (see droppedCall)');
      return;
    }
    assert.ok(error instanceof pkg.ConnectionError && !(error instanceof pkg.TimeoutError), `${error}`);
    assert.equal(error.outcomeUnknown, true);
    assert.match(error.message, /look for one with the url you passed/);
    assert.equal((await requests({ method: 'POST' })).length, 1);
    assert.equal((await ctl().endpoints()).length, 1, 'exactly one endpoint exists');
  });

  test('a rotation with an unknown outcome is not retried and says how to recover', async () => {
    await ctl().reset();
    const client = newClient({ timeoutMs: 200 });
    const endpoint = remember(await client.webhookEndpoints.create({ url: hookUrl('rotate') }));
    const path = `/v1/webhook_endpoints/${endpoint.id}/rotate_secret`;
    await ctl().fault('POST', path, { delay_ms: 600 });
    const error = await failure(client.webhookEndpoints.rotateSecret(endpoint.id));
    assert.ok(error instanceof pkg.TimeoutError);
    assert.equal(error.outcomeUnknown, true);
    assert.match(error.message, /previous secret/);
    assert.match(error.message, /rotate again deliberately/);
    await sleep(700);
    assert.equal((await requests({ method: 'POST', path })).length, 1, 'sent once');
    await ctl().fault('POST', path, { drop_after_processing: true });
    const dropped = await droppedCall(() => client.webhookEndpoints.rotateSecret(endpoint.id), 'POST', path);
    if (!dropped.resentByBrowser) {
      assert.equal(dropped.error.outcomeUnknown, true);
      assert.equal((await requests({ method: 'POST', path })).length, 2, 'one request per call');
    }
  });

  test('a redelivery with an unknown outcome is not retried', async () => {
    await ctl().reset();
    const client = newClient();
    remember(await client.webhookEndpoints.create({ url: hookUrl('redeliver') }));
    const [{ id }] = (await ctl().emit('call.completed')).deliveries;
    const path = `/v1/webhook_deliveries/${id}/redeliver`;
    await ctl().fault('POST', path, { drop_after_processing: true });
    const { error, resentByBrowser } = await droppedCall(() => client.webhookDeliveries.redeliver(id), 'POST', path);
    if (resentByBrowser) return;
    assert.ok(error instanceof pkg.ConnectionError);
    assert.equal(error.outcomeUnknown, true);
    assert.match(error.message, /manual_retry_count/);
    assert.equal((await requests({ method: 'POST', path })).length, 1);
  });

  test('reads, updates and deletes are retried after timeouts, 5xx and dropped connections', async () => {
    await ctl().reset();
    const client = newClient({ timeoutMs: 250 });
    const endpoint = remember(await client.webhookEndpoints.create({ url: hookUrl('idempotent') }));
    const path = `/v1/webhook_endpoints/${endpoint.id}`;

    await ctl().fault('GET', '/v1/webhook_endpoints', { delay_ms: 700 });
    assert.equal((await client.webhookEndpoints.list()).length, 1);
    assert.equal((await requests({ method: 'GET', path: '/v1/webhook_endpoints' })).length, 2);

    await ctl().fault('PATCH', path, { status: 502 }, { status: 500 });
    assert.equal((await client.webhookEndpoints.update(endpoint.id, { description: 'x' })).description, 'x');
    assert.equal((await requests({ method: 'PATCH', path })).length, 3);

    await ctl().fault('DELETE', path, { drop_after_processing: true });
    try {
      assert.equal(await client.webhookEndpoints.delete(endpoint.id), undefined, 'the retry finds it gone: success');
    } catch (error) {
      // In a browser the browser's own re-send (see droppedCall) gets the
      // 404, which is then the client's first answer.
      if (runtime !== 'browser' || !(error instanceof pkg.NotFoundError)) throw error;
      collected.push(error);
    }
    assert.equal((await requests({ method: 'DELETE', path })).length, 2);
    assert.equal((await ctl().endpoints()).length, 0);

    await ctl().fault('GET', '/v1/webhook_endpoints', { status: 500 }, { status: 500 }, { status: 500 });
    const exhausted = await failure(client.webhookEndpoints.list());
    assert.ok(exhausted instanceof pkg.InternalServerError);
    assert.match(exhausted.message, /after 3 attempts/);
    assert.equal(exhausted.outcomeUnknown, false, 'a read has no unknown outcome');
  });

  test('an AbortSignal aborts a call in flight, before sending and during a retry wait', async () => {
    await ctl().reset();
    const client = newClient();
    await ctl().fault('GET', '/v1/webhook_endpoints', { delay_ms: 3000 });
    const inFlight = new AbortController();
    setTimeout(() => inFlight.abort(), 100);
    const { value: error, ms } = await elapsed(failure(client.webhookEndpoints.list({ signal: inFlight.signal })));
    assert.ok(error instanceof pkg.AbortError, `${error}`);
    assert.equal(error.outcomeUnknown, false, 'a read');
    assert.ok(ms < 1000, `aborted at once (${ms} ms)`);

    await ctl().reset();
    const before = new AbortController();
    before.abort();
    const early = await failure(client.webhookEndpoints.create({ url: hookUrl('never') }, { signal: before.signal }));
    assert.ok(early instanceof pkg.AbortError);
    assert.equal(early.outcomeUnknown, false);
    assert.equal((await requests()).length, 0, 'nothing was sent');

    const clientWide = new AbortController();
    const aborting = newClient({ signal: clientWide.signal });
    await ctl().fault('POST', '/v1/webhook_endpoints', { delay_ms: 3000 });
    setTimeout(() => clientWide.abort(), 100);
    const creating = await failure(aborting.webhookEndpoints.create({ url: hookUrl('aborted') }));
    assert.ok(creating instanceof pkg.AbortError);
    assert.equal(creating.outcomeUnknown, true, 'the create was in flight');
    assert.match(creating.message, /outcome is unknown/);

    await ctl().fault('GET', '/v1/webhook_endpoints', { status: 429, retry_after: '10' });
    const waiting = new AbortController();
    setTimeout(() => waiting.abort(), 300);
    const { value: duringWait, ms: waited } = await elapsed(
      failure(client.webhookEndpoints.list({ signal: waiting.signal })),
    );
    assert.ok(duringWait instanceof pkg.AbortError);
    assert.ok(waited < 1500, `the wait was cut short (${waited} ms)`);
  });

  test('invalid arguments are refused with ValidationError before any request', async () => {
    await ctl().reset();
    const client = newClient();
    const cases = [
      [() => client.webhookEndpoints.create({ url: 'http://example.com/hook' }), 'url'],
      [() => client.webhookEndpoints.create({ url: 'not a url' }), 'url'],
      [() => client.webhookEndpoints.create({}), 'url'],
      [() => client.webhookEndpoints.create({ url: hookUrl('x'), enabled_events: ['call.exploded'] }), 'enabled_events'],
      [() => client.webhookEndpoints.create({ url: hookUrl('x'), enabledEvents: ['*'] }), 'enabledEvents'],
      [() => client.webhookEndpoints.retrieve(''), 'id'],
      [() => client.webhookEndpoints.retrieve(42), 'id'],
      [() => client.webhookEndpoints.update('', {}), 'id'],
      [() => client.webhookEndpoints.update('x', { status: 'paused' }), 'status'],
      [() => client.webhookEndpoints.delete('..'), 'id'],
      [() => client.webhookEndpoints.rotateSecret(''), 'id'],
      [() => client.webhookDeliveries.retrieve(''), 'id'],
      [() => client.webhookDeliveries.redeliver(''), 'id'],
      [() => client.webhookDeliveries.list({ limit: 500 }), 'limit'],
      [() => client.webhookEndpoints.list({ timeoutMs: -1 }), 'timeoutMs'],
      [() => client.webhookEndpoints.list({ fetch: () => {} }), 'fetch'],
      [() => pkg.createWebhookEndpoint({ url: 'ftp://x' }, { apiKey: KEY, baseUrl: base(), ...clientOptions }), 'url'],
      [() => pkg.createWebhookEndpoint({ url: hookUrl('x') }, { ...clientOptions, apiKey: KEY, baseUrl: 'nope' }), 'baseUrl'],
    ];
    for (const [call, param] of cases) {
      const error = await failure(call(), param);
      assert.ok(error instanceof pkg.ValidationError, `${param}: ${error}`);
      assert.equal(error.param, param);
    }
    const thrown = failureSync(() => newClient({ maxRetries: 1.5 }));
    assert.ok(thrown instanceof pkg.ValidationError);
    assert.equal(thrown.param, 'maxRetries');
    const noKey = failureSync(() => new pkg.CallingBox({ ...clientOptions }));
    assert.ok(noKey instanceof pkg.ValidationError, `${noKey}`);
    assert.equal(noKey.param, 'apiKey');
    assert.match(noKey.message, runtime === 'browser' ? /backend/ : /CALLINGBOX_API_KEY/);
    assert.equal((await requests()).length, 0, 'no request was sent');
  });

  test('a client without a key sends no Authorization header (backend-proxy mode)', async () => {
    await ctl().reset();
    const { dangerouslyAllowBrowser: _ignored, ...withoutKeyOptions } = clientOptions;
    const proxied = new pkg.CallingBox({ baseUrl: base(), ...withoutKeyOptions });
    const error = await failure(proxied.webhookEndpoints.list());
    assert.ok(error instanceof pkg.AuthenticationError, 'the emulator wants a key; a real proxy would add it');
    const [request] = await requests();
    assert.equal(request.headers.authorization, undefined);
  });

  test('fetchImpl, extra headers and a bare-array list answer are supported', async () => {
    await ctl().reset();
    let fetches = 0;
    // Answers the endpoint list as older servers did: a bare array.
    const fetchImpl = async (url, init) => {
      fetches += 1;
      const response = await fetch(url, init);
      if (init.method === 'GET' && String(url).endsWith('/v1/webhook_endpoints')) {
        const { data } = await response.json();
        return new Response(JSON.stringify(data), { status: response.status, headers: response.headers });
      }
      return response;
    };
    const client = newClient({ fetchImpl, headers: { 'X-Client-Tag': 'client' } });
    remember(await client.webhookEndpoints.create({ url: hookUrl('bare') }, { headers: { 'X-Call-Tag': 'call' } }));
    const listed = await client.webhookEndpoints.list();
    assert.equal(listed.length, 1);
    assert.equal(listed[0].url, hookUrl('bare'));
    assert.equal(fetches, 2);
    const [create, list] = await requests();
    assert.equal(create.headers['x-client-tag'], 'client');
    assert.equal(create.headers['x-call-tag'], 'call');
    assert.equal(list.headers['x-call-tag'], undefined, 'per-call headers stay with their call');
  });

  test('the client object never shows its key', async () => {
    const client = newClient();
    const views = [
      String(client),
      JSON.stringify(client),
      JSON.stringify(client.webhookEndpoints),
      JSON.stringify(client.webhookDeliveries),
      Reflect.ownKeys(client).map(String).join(','),
      JSON.stringify(Object.getOwnPropertyNames(Object.getPrototypeOf(client))),
    ];
    for (const view of views) assert.notIncludes(view, KEY, 'client view');
    for (const name of Object.getOwnPropertyNames(Object.getPrototypeOf(client))) {
      if (name === 'constructor') continue;
      const descriptor = Object.getOwnPropertyDescriptor(Object.getPrototypeOf(client), name);
      if (descriptor.get) assert.notIncludes(JSON.stringify(descriptor.get.call(client)), KEY, name);
    }
  });

  test(`a soak of ${soakCalls} mixed calls with injected faults: no duplicate endpoint, no double rotation, every call in its budget`, async () => {
    await ctl().reset();
    const random = rng(soakSeed);
    const timeoutMs = 300;
    const maxRetries = 2;
    // Attempts time out at 300 ms; waits are the backoff (at most 1 s for the
    // first two retries) or the faults' Retry-After (0 or 1 s).
    const budgetMs = (maxRetries + 1) * timeoutMs + maxRetries * 1000 + 750;
    const client = newClient({ timeoutMs, maxRetries });
    const WORKERS = soakWorkers;
    const faultKinds = [
      () => ({ status: 429, retry_after: random.pick(['0', '1']) }),
      () => ({ status: 503, retry_after: '0' }),
      () => ({ status: 500 }),
      () => ({ status: 500, raw_body: '{"error":"failed after commit"}' }),
      () => ({ status: 502 }),
      () => ({ delay_ms: random.int(350, 1000) }),
      () => ({ delay_ms: random.int(5, 150) }),
      // Browsers re-send a request whose connection dropped (see droppedCall),
      // so there the soak would count the browser's duplicates, not ours.
      ...(runtime === 'browser' ? [] : [() => ({ drop_after_processing: true })]),
    ];
    const calls = [];
    let urlSeq = 0;

    /** One tagged call: its requests carry x-soak-call so the log can be grouped per call. */
    async function run(kind, endpointId, invoke, faultPath, faultMethod) {
      const n = calls.length;
      const record = { n, kind, endpointId, ok: false, error: null, value: null, ms: 0 };
      calls.push(record);
      if (faultPath && random.chance(0.25)) await ctl().fault(faultMethod, faultPath, random.pick(faultKinds)());
      const started = Date.now();
      try {
        record.value = await invoke({ headers: { 'x-soak-call': String(n) } });
        record.ok = true;
      } catch (error) {
        collected.push(error);
        record.error = error;
      }
      record.ms = Date.now() - started;
      return record;
    }

    // Phase 1: each worker creates its first endpoint (faults included), then
    // one event gives every endpoint a delivery to redeliver. Two more events
    // follow during the workload, no more: each one makes the emulator attempt
    // a delivery to every endpoint, and many would load it far beyond the API
    // calls (requests then time out without any fault).
    const owned = Array.from({ length: WORKERS }, () => []); // per worker: { id, deliveries: [] }
    const create = async (w) => {
      const url = hookUrl(`soak-${w}-${urlSeq++}`);
      const r = await run('create', null, (o) => client.webhookEndpoints.create({ url }, o), '/v1/webhook_endpoints', 'POST');
      r.url = url;
      if (r.ok) owned[w].push({ id: remember(r.value).id, deliveries: [] });
    };
    await Promise.all(owned.map((_, w) => create(w)));
    await ctl().emit('call.completed');

    let nextEvent = soakCalls / 3;
    async function worker(w) {
      const mine = owned[w];
      while (calls.length < soakCalls) {
        if (calls.length >= nextEvent) {
          nextEvent += soakCalls / 3;
          await ctl().emit('call.completed');
        }
        if (mine.length === 0) {
          await create(w);
          continue;
        }
        const endpoint = random.pick(mine);
        const path = `/v1/webhook_endpoints/${endpoint.id}`;
        const roll = random.next();
        if (roll < 0.14) await create(w);
        else if (roll < 0.24) await run('list', null, (o) => client.webhookEndpoints.list(o), '/v1/webhook_endpoints', 'GET');
        else if (roll < 0.36 || (roll >= 0.9 && endpoint.deliveries.length === 0)) {
          await run('retrieve', endpoint.id, (o) => client.webhookEndpoints.retrieve(endpoint.id, o), path, 'GET');
        } else if (roll < 0.5) {
          const description = `d${random.int(0, 999)}`;
          await run('update', endpoint.id, (o) => client.webhookEndpoints.update(endpoint.id, { description }, o), path, 'PATCH');
        } else if (roll < 0.72) {
          const r = await run('rotate', endpoint.id, (o) => client.webhookEndpoints.rotateSecret(endpoint.id, o), `${path}/rotate_secret`, 'POST');
          if (r.ok) remember(r.value);
        } else if (roll < 0.77) {
          const r = await run('delete', endpoint.id, (o) => client.webhookEndpoints.delete(endpoint.id, o), path, 'DELETE');
          // Gone, or maybe gone: either way the worker stops using it.
          if (r.ok || r.error?.outcomeUnknown) mine.splice(mine.indexOf(endpoint), 1);
        } else if (roll < 0.9) {
          const r = await run(
            'deliveries',
            endpoint.id,
            (o) => client.webhookDeliveries.list({ endpoint_id: endpoint.id, limit: 5 }, o),
            '/v1/webhook_deliveries',
            'GET',
          );
          if (r.ok) endpoint.deliveries = r.value.map((d) => d.id);
        } else {
          const id = random.pick(endpoint.deliveries);
          await run('redeliver', endpoint.id, (o) => client.webhookDeliveries.redeliver(id, o), `/v1/webhook_deliveries/${id}/redeliver`, 'POST');
        }
      }
    }

    await Promise.all(owned.map((_, w) => worker(w)));
    assert.equal(calls.length, soakCalls);
    await sleep(1200); // delayed requests finish on the server
    await ctl().clearFaults();

    // Every call settled within its budget.
    const slow = calls.filter((c) => c.ms > budgetMs);
    assert.deepEqual(slow.map((c) => `${c.kind}#${c.n}: ${c.ms} ms`), [], `calls over the ${budgetMs} ms budget`);

    const log = (await ctl().requests()).filter((r) => r.headers['x-soak-call'] !== undefined);
    // The server acted on a request when the API handled it and succeeded:
    // a 2xx on the wire, or a 2xx lost to a dropped connection or replaced
    // by a raw-body fault. (A 404 or 409 was handled but changed nothing.)
    const acted = (entry) =>
      entry.processed && ((entry.status >= 200 && entry.status < 300) || entry.dropped || entry.fault?.raw_body !== undefined);
    const actedBy = new Map();
    for (const entry of log) {
      if (!acted(entry) || entry.method !== 'POST') continue;
      const n = Number(entry.headers['x-soak-call']);
      actedBy.set(n, (actedBy.get(n) ?? 0) + 1);
    }
    // No create, rotation or redelivery acted twice for one call.
    const twice = calls.filter((c) => ['create', 'rotate', 'redeliver'].includes(c.kind) && (actedBy.get(c.n) ?? 0) > 1);
    assert.deepEqual(twice.map((c) => `${c.kind}#${c.n}`), [], 'calls the server acted on twice');
    // A call that failed although the server acted on it always said so.
    const silent = calls.filter((c) => !c.ok && (actedBy.get(c.n) ?? 0) > 0 && c.error?.outcomeUnknown !== true);
    assert.deepEqual(silent.map((c) => `${c.kind}#${c.n}: ${c.error}`), [], 'failed calls that acted without outcomeUnknown');

    // No duplicate endpoints: each create call had its own url.
    const serverEndpoints = await ctl().endpoints();
    const perUrl = new Map();
    for (const e of serverEndpoints) perUrl.set(e.url, (perUrl.get(e.url) ?? 0) + 1);
    assert.deepEqual([...perUrl].filter(([, count]) => count > 1), [], 'duplicate endpoints');
    const deleted = new Set(
      calls.filter((c) => c.kind === 'delete' && (c.ok || c.error?.outcomeUnknown)).map((c) => c.endpointId),
    );
    for (const c of calls.filter((c) => c.kind === 'create' && c.ok && !deleted.has(c.value.id))) {
      const history = calls.filter((d) => d.endpointId === c.value.id).map((d) => `${d.kind}#${d.n} ${d.ok ? 'ok' : d.error}`);
      assert.equal(perUrl.get(c.url), 1, `the endpoint of create #${c.n} exists once (its calls: ${history.join('; ')})`);
    }

    // Rotations: per endpoint, the server's rotations in order; after the last
    // rotation that returned a secret, only calls that reported an unknown
    // outcome may have rotated again. So the secret the client holds is the
    // current one unless it was told otherwise.
    const rotationsByEndpoint = new Map();
    for (const entry of log) {
      const match = /^\/v1\/webhook_endpoints\/([^/]+)\/rotate_secret$/.exec(entry.path);
      if (!match || !acted(entry)) continue;
      const list = rotationsByEndpoint.get(match[1]) ?? [];
      list.push(Number(entry.headers['x-soak-call']));
      rotationsByEndpoint.set(match[1], list);
    }
    const byN = new Map(calls.map((c) => [c.n, c]));
    let rotatedEndpoints = 0;
    for (const [endpointId, sequence] of rotationsByEndpoint) {
      rotatedEndpoints += 1;
      const lastSuccess = sequence.findLastIndex((n) => byN.get(n).ok);
      for (const n of sequence.slice(lastSuccess + 1)) {
        assert.equal(byN.get(n).error?.outcomeUnknown, true, `rotation #${n} of ${endpointId} after the last returned secret`);
      }
    }
    const rotatedSecrets = calls.filter((c) => c.kind === 'rotate' && c.ok).map((c) => c.value.signing_secret);
    assert.equal(new Set(rotatedSecrets).size, rotatedSecrets.length, 'every rotation returned a new secret');

    const summary = {};
    for (const c of calls) {
      const s = (summary[c.kind] ??= { ok: 0, failed: 0, unknown: 0 });
      if (c.ok) s.ok += 1;
      else if (c.error?.outcomeUnknown) s.unknown += 1;
      else s.failed += 1;
    }
    assert.ok(rotatedEndpoints > 0 && rotatedSecrets.length > 50, 'the soak rotated secrets');
    assert.ok(Object.values(summary).some((s) => s.unknown > 0), 'the soak produced unknown outcomes');
    globalThis.__callingboxSoakSummary = { seed: soakSeed, calls: calls.length, budgetMs, slowestMs: Math.max(...calls.map((c) => c.ms)), summary };
  });

  test('a fetchImpl that never answers still times out', async () => {
    const client = newClient({ fetchImpl: () => new Promise(() => {}), timeoutMs: 100, maxRetries: 0 });
    const { value: error, ms } = await elapsed(failure(client.webhookEndpoints.list()));
    assert.ok(error instanceof pkg.TimeoutError, `${error}`);
    assert.between(ms, 90, 1000, 'settled at the timeout');
    const throwing = newClient({ fetchImpl: () => { throw new TypeError('boom'); }, maxRetries: 0 });
    const thrown = await failure(throwing.webhookEndpoints.create({ url: hookUrl('x') }));
    assert.ok(thrown instanceof pkg.ConnectionError, `${thrown}`);
    assert.equal(thrown.outcomeUnknown, true, 'a fetch that throws gives no proof that nothing was sent');
  });

  extra?.({ newClient, failure, failureSync, remember, requests, elapsed, ctl, hookUrl, collected, secrets });

  test('error bodies that echo the key or a signing secret are redacted', async () => {
    await ctl().reset();
    const client = newClient({ maxRetries: 0 });
    const secret = [...secrets][0] ?? 'whsec_00112233445566778899aabbccddeeff';
    await ctl().fault('GET', '/v1/webhook_endpoints', {
      status: 400,
      body: { error: { message: `your key ${KEY} and secret ${secret} were rejected`, code: 'echo' } },
    });
    const error = await failure(client.webhookEndpoints.list());
    assert.match(error.message, /your key \[redacted\] and secret whsec_\[redacted\] were rejected/);
    const wrongKey = new pkg.CallingBox({ ...clientOptions, apiKey: 'sk_test_not_the_right_key', baseUrl: base() });
    const auth = await failure(wrongKey.webhookEndpoints.list());
    assert.ok(auth instanceof pkg.AuthenticationError);
    assert.notIncludes(`${auth.message} ${JSON.stringify(auth)}`, 'sk_test_not_the_right_key', 'wrong key');
  });

  test('no error produced anywhere in this suite shows the key or a signing secret', () => {
    assert.ok(collected.length > 50, `${collected.length} errors collected`);
    assert.ok(secrets.size > 10, `${secrets.size} secrets seen`);
    // \b: a stack frame such as node:internal/process/task_queues is no key.
    const patterns = [/\bsk_(?!\[redacted\])[A-Za-z0-9]/, /\bwhsec_(?!\[redacted\])[A-Za-z0-9]/];
    for (const error of collected) {
      const views = [
        error.message,
        String(error),
        JSON.stringify(error),
        error.stack ?? '',
        JSON.stringify(error.headers ?? {}),
        JSON.stringify(Object.getOwnPropertyNames(error).map((k) => [k, String(error[k])])),
      ];
      for (const view of views) {
        assert.notIncludes(view, KEY, `${error.name}`);
        for (const secret of secrets) assert.notIncludes(view, secret, `${error.name}`);
        for (const pattern of patterns) assert.ok(!pattern.test(view), `${error.name} shows ${view.match(pattern)}`);
      }
    }
  });

  return { collected, secrets };
}
