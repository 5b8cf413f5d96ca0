// Fault injection: status answers (with Retry-After and both error body
// forms), delays, dropped connections, raw bodies; matching and queueing.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { startEmulator, waitFor } from './support.mjs';

const ENDPOINTS = '/v1/webhook_endpoints';

let emu;
before(async () => {
  emu = await startEmulator();
});
after(() => emu.stop());
beforeEach(() => emu.control('POST', '/_emulator/reset'));

const queue = (method, path, faults) => emu.control('POST', '/_emulator/faults', { method, path, faults });
const create = (url = 'https://example.test/hook') => emu.api('POST', ENDPOINTS, { body: { url } });
const endpointCount = async () => (await emu.api('GET', ENDPOINTS)).json.data.length;

describe('status faults', () => {
  test('a 429 fault with Retry-After in seconds answers instead of the API and creates nothing', async () => {
    assert.equal((await queue('POST', ENDPOINTS, [{ status: 429, retry_after: '1' }])).status, 201);
    const res = await create();
    assert.equal(res.status, 429);
    assert.equal(res.headers.get('retry-after'), '1');
    assert.equal(typeof res.json.error, 'string');
    assert.match(res.headers.get('x-request-id'), /^req_/);
    assert.equal(await endpointCount(), 0);
    // The fault is used up: the next request goes through.
    assert.equal((await create()).status, 201);
  });

  test('a 429 fault can carry Retry-After as an HTTP date', async () => {
    const date = new Date(Date.now() + 2000).toUTCString();
    await queue('POST', ENDPOINTS, [{ status: 429, retry_after: date }]);
    const res = await create();
    assert.equal(res.status, 429);
    assert.equal(res.headers.get('retry-after'), date);
  });

  test('queued 500, 502 and 503 faults answer one request each, in order', async () => {
    await queue('POST', ENDPOINTS, [{ status: 500 }, { status: 502 }, { status: 503 }]);
    const statuses = [];
    for (let i = 0; i < 4; i += 1) statuses.push((await create()).status);
    assert.deepEqual(statuses, [500, 502, 503, 201]);
    assert.equal(await endpointCount(), 1);
  });

  test('a fault answers in the default string error form unless a body is given', async () => {
    const objectForm = { error: { message: 'slow down', code: 'rate_limited' } };
    await queue('POST', ENDPOINTS, [{ status: 503 }, { status: 429, body: objectForm }]);
    const first = await create();
    assert.equal(typeof first.json.error, 'string');
    const second = await create();
    assert.deepEqual(second.json, objectForm);
  });

  test('a fault only matches its method and path, and * matches one segment', async () => {
    const created = (await create()).json;
    await queue('POST', `${ENDPOINTS}/*/rotate_secret`, [{ status: 502 }]);
    assert.equal((await emu.api('GET', ENDPOINTS)).status, 200);
    assert.equal((await emu.api('GET', `${ENDPOINTS}/${created.id}`)).status, 200);
    assert.equal((await emu.api('POST', `${ENDPOINTS}/${created.id}/rotate_secret`)).status, 502);
    assert.equal((await emu.api('POST', `${ENDPOINTS}/${created.id}/rotate_secret`)).status, 200);
  });

  test('a CORS preflight does not consume a fault meant for the real request', async () => {
    await queue('POST', ENDPOINTS, [{ status: 500 }]);
    await queue('*', ENDPOINTS, [{ status: 503 }]);
    const preflight = await emu.api('OPTIONS', ENDPOINTS, { key: null });
    assert.equal(preflight.status, 204);
    assert.equal((await create()).status, 500);
    assert.equal((await create()).status, 503);
  });
});

describe('processing faults', () => {
  test('a delay_ms fault answers late but processes the request even if the client gave up', async () => {
    await queue('POST', ENDPOINTS, [{ delay_ms: 1000 }]);
    const started = Date.now();
    await assert.rejects(emu.api('POST', ENDPOINTS, {
      body: { url: 'https://example.test/slow' }, signal: AbortSignal.timeout(100),
    }));
    assert.equal(await endpointCount(), 0, 'not processed before the delay');
    await waitFor(async () => (await endpointCount()) === 1, { what: 'the delayed create' });
    assert.ok(Date.now() - started >= 990);
    const [entry] = (await emu.control('GET', `/_emulator/requests?method=POST&path=${ENDPOINTS}`)).json.data;
    assert.equal(entry.processed, true);
    assert.equal(entry.status, 201);
    assert.deepEqual(entry.fault, { delay_ms: 1000 });
  });

  test('a delay_ms fault with a patient client answers normally after the delay', async () => {
    await queue('GET', ENDPOINTS, [{ delay_ms: 300 }]);
    const started = Date.now();
    const res = await emu.api('GET', ENDPOINTS);
    assert.equal(res.status, 200);
    assert.ok(Date.now() - started >= 290);
  });

  test('a drop_after_processing fault creates the endpoint and then closes the connection unanswered', async () => {
    await queue('POST', ENDPOINTS, [{ drop_after_processing: true }]);
    await assert.rejects(create('https://example.test/dropped'));
    const list = (await emu.api('GET', ENDPOINTS)).json.data;
    assert.deepEqual(list.map((e) => e.url), ['https://example.test/dropped']);
    const [entry] = (await emu.control('GET', '/_emulator/requests?method=POST')).json.data;
    assert.equal(entry.dropped, true);
    assert.equal(entry.processed, true);
    assert.equal(entry.status, null);
  });

  test('a raw_body fault processes the request and answers the given text', async () => {
    await queue('POST', ENDPOINTS, [{ raw_body: 'not json' }, { raw_body: '<html>bad gateway</html>', status: 502 }]);
    const first = await create();
    assert.equal(first.status, 200);
    assert.equal(first.text, 'not json');
    const second = await create();
    assert.equal(second.status, 502);
    assert.equal(second.text, '<html>bad gateway</html>');
    assert.equal(await endpointCount(), 2);
  });
});

describe('fault bookkeeping', () => {
  test('GET /_emulator/faults lists queued faults and DELETE clears them', async () => {
    await queue('POST', ENDPOINTS, [{ status: 500 }, { delay_ms: 10 }]);
    const listed = (await emu.control('GET', '/_emulator/faults')).json.data;
    assert.deepEqual(listed, [
      { method: 'POST', path: ENDPOINTS, fault: { status: 500 } },
      { method: 'POST', path: ENDPOINTS, fault: { delay_ms: 10 } },
    ]);
    await create();
    assert.equal((await emu.control('GET', '/_emulator/faults')).json.data.length, 1);
    await emu.control('DELETE', '/_emulator/faults');
    assert.deepEqual((await emu.control('GET', '/_emulator/faults')).json.data, []);
  });

  test('the request log shows the fault applied to a request and that it was not processed', async () => {
    await queue('POST', ENDPOINTS, [{ status: 429, retry_after: '2' }]);
    await create();
    const [entry] = (await emu.control('GET', '/_emulator/requests')).json.data;
    assert.deepEqual(entry.fault, { status: 429, retry_after: '2' });
    assert.equal(entry.processed, false);
    assert.equal(entry.status, 429);
  });

  const invalid = [
    ['an unknown fault field', [{ status: 500, colour: 'red' }], /colour/],
    ['a status outside 200-599', [{ status: 99 }], /status/],
    ['an empty fault', [{}], /faults\[0\]/],
    ['a non-string retry_after', [{ status: 429, retry_after: 1 }], /retry_after/],
    ['drop together with a status', [{ drop_after_processing: true, status: 500 }], /drop_after_processing/],
    ['no faults', [], /faults/],
  ];
  for (const [what, faults, message] of invalid) {
    test(`a fault spec with ${what} answers 400`, async () => {
      const res = await queue('POST', ENDPOINTS, faults);
      assert.equal(res.status, 400);
      assert.match(res.json.error, message);
    });
  }
});
