// The /v1 API surface: auth, endpoints CRUD, validation, 404s, CORS,
// request ids, body limits, the request log and the alternative formats.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  KEY, RFC3339_Z, REQUEST_ID, SECRET, UUID_V4, call, createEndpoint, startEmulator,
} from './support.mjs';

const ENDPOINT_KEYS = [
  'consecutive_failures', 'created_at', 'description', 'disabled_at', 'disabled_reason',
  'enabled_events', 'id', 'org_id', 'status', 'updated_at', 'url',
].sort();

let emu;
before(async () => {
  emu = await startEmulator(['--allow-http-localhost']);
});
after(() => emu.stop());

describe('authentication', () => {
  test('a request without an API key answers 401 with an error body and a request id', async () => {
    const res = await emu.api('GET', '/v1/webhook_endpoints', { key: null });
    assert.equal(res.status, 401);
    assert.equal(typeof res.json.error, 'string');
    assert.match(res.headers.get('x-request-id'), REQUEST_ID);
  });

  test('a request with a wrong API key answers 401 and the key is not echoed', async () => {
    const res = await emu.api('GET', '/v1/webhook_endpoints', { key: 'sk_test_wrong_key' });
    assert.equal(res.status, 401);
    assert.equal(typeof res.json.error, 'string');
    assert.ok(!res.text.includes('sk_test_wrong_key'));
    assert.match(res.headers.get('x-request-id'), REQUEST_ID);
  });

  test('a non-Bearer Authorization header answers 401', async () => {
    const res = await emu.api('GET', '/v1/webhook_endpoints', { key: null, headers: { authorization: `Basic ${KEY}` } });
    assert.equal(res.status, 401);
  });
});

describe('webhook endpoints', () => {
  test('a create answers 201 with a signing secret that later reads never show', async () => {
    const res = await emu.api('POST', '/v1/webhook_endpoints', {
      body: { url: 'https://example.test/hook', description: 'orders', enabled_events: ['call.completed'] },
    });
    assert.equal(res.status, 201);
    assert.match(res.json.signing_secret, SECRET);
    const { id } = res.json;

    const reads = [
      (await emu.api('GET', `/v1/webhook_endpoints/${id}`)).text,
      (await emu.api('GET', '/v1/webhook_endpoints')).text,
      (await emu.api('PATCH', `/v1/webhook_endpoints/${id}`, { body: { description: 'x' } })).text,
    ];
    for (const text of reads) {
      assert.ok(!text.includes('signing_secret'), text);
      assert.ok(!text.includes(res.json.signing_secret));
    }
  });

  test('a created endpoint has exactly the documented fields and defaults', async () => {
    const res = await emu.api('POST', '/v1/webhook_endpoints', { body: { url: 'https://example.test/a' } });
    const { signing_secret: _secret, ...endpoint } = res.json;
    assert.deepEqual(Object.keys(endpoint).sort(), ENDPOINT_KEYS);
    assert.match(endpoint.id, UUID_V4);
    assert.match(endpoint.org_id, UUID_V4);
    assert.equal(endpoint.description, null);
    assert.deepEqual(endpoint.enabled_events, ['*']);
    assert.equal(endpoint.status, 'enabled');
    assert.equal(endpoint.disabled_reason, null);
    assert.equal(endpoint.disabled_at, null);
    assert.equal(endpoint.consecutive_failures, 0);
    assert.match(endpoint.created_at, RFC3339_Z);
    assert.match(endpoint.updated_at, RFC3339_Z);
  });

  test('every endpoint belongs to the same org', async () => {
    const a = await createEndpoint(emu, 'https://example.test/org-a');
    const b = await createEndpoint(emu, 'https://example.test/org-b');
    assert.equal(a.org_id, b.org_id);
  });

  test('the endpoint list answers {data} newest first', async () => {
    const first = await createEndpoint(emu, 'https://example.test/older');
    const second = await createEndpoint(emu, 'https://example.test/newer');
    const { json } = await emu.api('GET', '/v1/webhook_endpoints');
    const ids = json.data.map((e) => e.id);
    assert.ok(ids.indexOf(second.id) < ids.indexOf(first.id));
    assert.equal(ids[0], second.id);
  });

  test('an update changes only the given fields and a retrieve shows the change', async () => {
    const endpoint = await createEndpoint(emu, 'https://example.test/u', { description: 'before' });
    const res = await emu.api('PATCH', `/v1/webhook_endpoints/${endpoint.id}`, {
      body: { url: 'https://example.test/u2', enabled_events: ['call.failed', 'call.busy'] },
    });
    assert.equal(res.status, 200);
    assert.equal(res.json.url, 'https://example.test/u2');
    assert.deepEqual(res.json.enabled_events, ['call.failed', 'call.busy']);
    assert.equal(res.json.description, 'before');
    const read = await emu.api('GET', `/v1/webhook_endpoints/${endpoint.id}`);
    assert.deepEqual(read.json, res.json);
  });

  test('an update with description null clears the description', async () => {
    const endpoint = await createEndpoint(emu, 'https://example.test/d', { description: 'label' });
    const res = await emu.api('PATCH', `/v1/webhook_endpoints/${endpoint.id}`, { body: { description: null } });
    assert.equal(res.json.description, null);
  });

  test('a rejected update leaves the endpoint unchanged', async () => {
    const endpoint = await createEndpoint(emu, 'https://example.test/keep');
    const res = await emu.api('PATCH', `/v1/webhook_endpoints/${endpoint.id}`, {
      body: { url: 'https://example.test/changed', enabled_events: ['call.nope'] },
    });
    assert.equal(res.status, 400);
    assert.equal((await emu.api('GET', `/v1/webhook_endpoints/${endpoint.id}`)).json.url, 'https://example.test/keep');
  });

  test('a manual disable sets disabled_reason "manually_disabled" and disabled_at', async () => {
    const endpoint = await createEndpoint(emu, 'https://example.test/off');
    const res = await emu.api('PATCH', `/v1/webhook_endpoints/${endpoint.id}`, { body: { status: 'disabled' } });
    assert.equal(res.json.status, 'disabled');
    assert.equal(res.json.disabled_reason, 'manually_disabled');
    assert.match(res.json.disabled_at, RFC3339_Z);
    const back = await emu.api('PATCH', `/v1/webhook_endpoints/${endpoint.id}`, { body: { status: 'enabled' } });
    assert.equal(back.json.status, 'enabled');
    assert.equal(back.json.disabled_reason, null);
    assert.equal(back.json.disabled_at, null);
  });

  test('a delete answers 200 {id, deleted: true} and the endpoint is gone', async () => {
    const endpoint = await createEndpoint(emu, 'https://example.test/gone');
    const res = await emu.api('DELETE', `/v1/webhook_endpoints/${endpoint.id}`);
    assert.equal(res.status, 200);
    assert.deepEqual(res.json, { id: endpoint.id, deleted: true });
    assert.equal((await emu.api('GET', `/v1/webhook_endpoints/${endpoint.id}`)).status, 404);
    const list = await emu.api('GET', '/v1/webhook_endpoints');
    assert.ok(!list.json.data.some((e) => e.id === endpoint.id));
  });

  test('rotate_secret answers 200 with a new secret, shown only in that answer', async () => {
    const endpoint = await createEndpoint(emu, 'https://example.test/rot');
    const res = await emu.api('POST', `/v1/webhook_endpoints/${endpoint.id}/rotate_secret`);
    assert.equal(res.status, 200);
    assert.match(res.json.signing_secret, SECRET);
    assert.notEqual(res.json.signing_secret, endpoint.signing_secret);
    assert.equal(res.json.id, endpoint.id);
    const read = await emu.api('GET', `/v1/webhook_endpoints/${endpoint.id}`);
    assert.equal(read.json.signing_secret, undefined);
  });
});

describe('validation', () => {
  const create = (body) => emu.api('POST', '/v1/webhook_endpoints', { body });
  const cases = [
    ['a missing url', { description: 'x' }, /\burl\b/],
    ['a non-https url', { url: 'http://example.test/hook' }, /\burl\b.*https/],
    ['a url that is not a URL', { url: 'not a url' }, /\burl\b/],
    ['a url that is not a string', { url: 42 }, /\burl\b/],
    ['an unknown event type', { url: 'https://example.test/h', enabled_events: ['call.exploded'] }, /enabled_events.*call\.exploded/],
    ['an empty enabled_events list', { url: 'https://example.test/h', enabled_events: [] }, /enabled_events/],
    ['enabled_events that is not a list', { url: 'https://example.test/h', enabled_events: '*' }, /enabled_events/],
    ['a description that is a number', { url: 'https://example.test/h', description: 5 }, /description/],
    ['a camelCase field', { url: 'https://example.test/h', enabledEvents: ['*'] }, /enabledEvents.*enabled_events/],
    ['an unknown field', { url: 'https://example.test/h', secret: 'x' }, /"secret"/],
  ];
  for (const [what, body, message] of cases) {
    test(`a create with ${what} answers 400 naming the field`, async () => {
      const res = await create(body);
      assert.equal(res.status, 400, res.text);
      assert.match(res.json.error, message);
    });
  }

  test('a malformed JSON body answers 400', async () => {
    const res = await emu.api('POST', '/v1/webhook_endpoints', {
      raw: '{"url": ', headers: { 'content-type': 'application/json' },
    });
    assert.equal(res.status, 400);
    assert.match(res.json.error, /JSON/);
  });

  test('a JSON body that is not an object answers 400', async () => {
    const res = await emu.api('POST', '/v1/webhook_endpoints', { body: ['https://example.test'] });
    assert.equal(res.status, 400);
    assert.match(res.json.error, /object/);
  });

  test('an update with a status other than enabled or disabled answers 400 naming status', async () => {
    const endpoint = await createEndpoint(emu, 'https://example.test/s');
    const res = await emu.api('PATCH', `/v1/webhook_endpoints/${endpoint.id}`, { body: { status: 'paused' } });
    assert.equal(res.status, 400);
    assert.match(res.json.error, /status/);
  });

  test('an update with url null answers 400 naming url', async () => {
    const endpoint = await createEndpoint(emu, 'https://example.test/n');
    const res = await emu.api('PATCH', `/v1/webhook_endpoints/${endpoint.id}`, { body: { url: null } });
    assert.equal(res.status, 400);
    assert.match(res.json.error, /url/);
  });

  for (const limit of ['201', '0', '-1', 'ten', '1.5']) {
    test(`a delivery list with limit=${limit} answers 400 naming limit`, async () => {
      const res = await emu.api('GET', `/v1/webhook_deliveries?limit=${limit}`);
      assert.equal(res.status, 400);
      assert.match(res.json.error, /limit/);
    });
  }

  test('a delivery list with limit=200 is accepted', async () => {
    assert.equal((await emu.api('GET', '/v1/webhook_deliveries?limit=200')).status, 200);
  });

  test('a delivery list with an unknown status or query parameter answers 400 naming it', async () => {
    const badStatus = await emu.api('GET', '/v1/webhook_deliveries?status=failed');
    assert.equal(badStatus.status, 400);
    assert.match(badStatus.json.error, /status/);
    const badParam = await emu.api('GET', '/v1/webhook_deliveries?endpointId=x');
    assert.equal(badParam.status, 400);
    assert.match(badParam.json.error, /endpointId.*endpoint_id/);
  });

  test('http://127.0.0.1 and http://localhost urls are accepted with --allow-http-localhost', async () => {
    assert.equal((await create({ url: 'http://127.0.0.1:9/hook' })).status, 201);
    assert.equal((await create({ url: 'http://localhost/hook' })).status, 201);
    assert.equal((await create({ url: 'http://10.0.0.1/hook' })).status, 400);
  });

  test('http localhost urls are refused without --allow-http-localhost', async () => {
    const strict = await startEmulator();
    try {
      const res = await strict.api('POST', '/v1/webhook_endpoints', { body: { url: 'http://127.0.0.1:9/hook' } });
      assert.equal(res.status, 400);
      assert.match(res.json.error, /url/);
    } finally {
      await strict.stop();
    }
  });
});

describe('not found', () => {
  const missing = '3c90c3cc-0d44-4b50-8888-8dd25736052a';
  for (const [method, path] of [
    ['GET', `/v1/webhook_endpoints/${missing}`],
    ['PATCH', `/v1/webhook_endpoints/${missing}`],
    ['DELETE', `/v1/webhook_endpoints/${missing}`],
    ['POST', `/v1/webhook_endpoints/${missing}/rotate_secret`],
    ['GET', `/v1/webhook_deliveries/${missing}`],
    ['POST', `/v1/webhook_deliveries/${missing}/redeliver`],
  ]) {
    test(`${method} of an unknown id answers 404 with an error body`, async () => {
      const res = await emu.api(method, path, method === 'PATCH' ? { body: {} } : {});
      assert.equal(res.status, 404);
      assert.match(res.json.error, new RegExp(missing));
    });
  }

  test('an unknown route answers 404 with an error body', async () => {
    for (const [method, path] of [['GET', '/v1/calls'], ['PUT', '/v1/webhook_endpoints'], ['GET', '/']]) {
      const res = await emu.api(method, path);
      assert.equal(res.status, 404, `${method} ${path}`);
      assert.equal(typeof res.json.error, 'string');
    }
  });
});

describe('headers, CORS and limits', () => {
  test('every answer carries a fresh x-request-id, control routes included', async () => {
    const answers = [
      await emu.api('GET', '/v1/webhook_endpoints'),
      await emu.api('GET', '/v1/nothing'),
      await emu.api('GET', '/v1/webhook_endpoints', { key: null }),
      await emu.control('GET', '/_emulator/faults'),
      await emu.api('OPTIONS', '/v1/webhook_endpoints', { key: null }),
    ];
    const ids = answers.map((res) => res.headers.get('x-request-id'));
    ids.forEach((id) => assert.match(id, REQUEST_ID));
    assert.equal(new Set(ids).size, ids.length);
  });

  test('a CORS preflight answers 204 allowing the API methods and the requested headers', async () => {
    const res = await call(`${emu.url}/v1/webhook_endpoints`, {
      method: 'OPTIONS',
      key: null,
      headers: {
        origin: 'http://dashboard.test',
        'access-control-request-method': 'PATCH',
        'access-control-request-headers': 'authorization, content-type, x-trace-id',
      },
    });
    assert.equal(res.status, 204);
    assert.equal(res.headers.get('access-control-allow-origin'), 'http://dashboard.test');
    const methods = res.headers.get('access-control-allow-methods');
    for (const m of ['GET', 'POST', 'PATCH', 'DELETE', 'OPTIONS']) assert.ok(methods.includes(m), methods);
    const allowed = res.headers.get('access-control-allow-headers').toLowerCase();
    for (const h of ['authorization', 'content-type', 'x-trace-id']) assert.ok(allowed.includes(h), allowed);
  });

  test('answers allow any origin and expose x-request-id and retry-after', async () => {
    const res = await emu.api('GET', '/v1/webhook_endpoints');
    assert.equal(res.headers.get('access-control-allow-origin'), '*');
    const exposed = res.headers.get('access-control-expose-headers').toLowerCase();
    assert.ok(exposed.includes('x-request-id') && exposed.includes('retry-after'), exposed);
  });

  test('a body over 1 MiB answers 413 and the server keeps working', async () => {
    const huge = JSON.stringify({ url: 'https://example.test/big', description: 'x'.repeat(2 * 1024 * 1024) });
    const res = await emu.api('POST', '/v1/webhook_endpoints', { raw: huge, headers: { 'content-type': 'application/json' } });
    assert.equal(res.status, 413);
    assert.equal(typeof res.json.error, 'string');
    assert.equal((await emu.api('GET', '/v1/webhook_endpoints')).status, 200);
  });
});

describe('request log', () => {
  test('the request log records what went on the wire, with the key redacted, oldest first', async () => {
    await emu.control('DELETE', '/_emulator/requests');
    await emu.api('POST', '/v1/webhook_endpoints?x=1', { body: { url: 'https://example.test/log' } });
    await emu.api('GET', '/v1/webhook_endpoints', { key: 'sk_test_not_valid' });
    const { json } = await emu.control('GET', '/_emulator/requests');
    assert.equal(json.data.length, 2);
    const [create, list] = json.data;
    assert.equal(create.method, 'POST');
    assert.equal(create.path, '/v1/webhook_endpoints');
    assert.deepEqual(create.query, { x: '1' });
    assert.equal(create.headers.authorization, 'Bearer <redacted>');
    assert.equal(create.headers['content-type'], 'application/json');
    assert.equal(create.auth_key_valid, true);
    assert.equal(create.body, '{"url":"https://example.test/log"}');
    assert.equal(create.status, 400); // the unknown query parameter x
    assert.equal(create.fault, null);
    assert.equal(list.auth_key_valid, false);
    assert.equal(list.status, 401);
    assert.ok(!JSON.stringify(json).includes(KEY));
    assert.ok(!JSON.stringify(json).includes('sk_test_not_valid'));
  });

  test('the request log can be filtered by method and path and cleared', async () => {
    await emu.api('GET', '/v1/webhook_endpoints');
    await emu.api('POST', '/v1/webhook_endpoints', { body: { url: 'https://example.test/f' } });
    const posts = await emu.control('GET', '/_emulator/requests?method=POST&path=/v1/webhook_endpoints');
    assert.ok(posts.json.data.length >= 1);
    assert.ok(posts.json.data.every((e) => e.method === 'POST' && e.path === '/v1/webhook_endpoints'));
    await emu.control('DELETE', '/_emulator/requests');
    assert.deepEqual((await emu.control('GET', '/_emulator/requests')).json.data, []);
  });

  test('control routes are not logged', async () => {
    await emu.control('DELETE', '/_emulator/requests');
    await emu.control('GET', '/_emulator/faults');
    assert.deepEqual((await emu.control('GET', '/_emulator/requests')).json.data, []);
  });
});

describe('alternative formats', () => {
  test('--error-format object answers errors as {"error": {"message", "code"}}', async () => {
    const other = await startEmulator(['--error-format', 'object']);
    try {
      const res = await other.api('GET', '/v1/webhook_endpoints', { key: null });
      assert.equal(res.status, 401);
      assert.equal(typeof res.json.error.message, 'string');
      assert.equal(res.json.error.code, 'unauthorized');
      const bad = await other.api('POST', '/v1/webhook_endpoints', { body: {} });
      assert.deepEqual(bad.json, { error: { message: 'url is required', code: 'invalid_request' } });
    } finally {
      await other.stop();
    }
  });

  test('--list-format bare answers the endpoint list as a bare array, like older servers', async () => {
    const other = await startEmulator(['--list-format', 'bare']);
    try {
      await createEndpoint(other, 'https://example.test/bare');
      const res = await other.api('GET', '/v1/webhook_endpoints');
      assert.ok(Array.isArray(res.json));
      assert.equal(res.json.length, 1);
    } finally {
      await other.stop();
    }
  });
});
