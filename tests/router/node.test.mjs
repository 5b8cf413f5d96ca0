// The Node receivers (callingbox-webhooks/node) from the packed tarball,
// against real http servers: where the raw body comes from, the body limit,
// the set-up mistakes they name, and createNodeMiddleware's routing.
import assert from 'node:assert/strict';
import http from 'node:http';
import { Readable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { installPackage, makeEvent, recordingLog, SECRET } from './support.mjs';

let pkg;
let verifyNodeRequest;
let createNodeMiddleware;
let signPayload;

before(async () => {
  pkg = await installPackage('node-receivers');
  ({ verifyNodeRequest, createNodeMiddleware } = pkg.node);
  ({ signPayload } = pkg.verify);
});
after(() => pkg?.project.remove());

/** Serves `handler` on 127.0.0.1 until the test ends; resolves its base URL. */
async function serve(t, handler) {
  const server = http.createServer(handler);
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => new Promise((resolve) => {
    server.closeAllConnections();
    server.close(resolve);
  }));
  return `http://127.0.0.1:${server.address().port}`;
}

/** A server whose answer is verifyNodeRequest's verdict: 200 with the event id, or the error's code. */
function verdictServer(options, prepare = () => {}) {
  return async (req, res) => {
    prepare(req);
    try {
      const event = await verifyNodeRequest(req, SECRET, options);
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ id: event.id }));
    } catch (error) {
      const status = error.code === 'payload_too_large' ? 413 : 400;
      res.writeHead(status, { 'content-type': 'application/json', connection: 'close' }).end(JSON.stringify({ error: error.code ?? error.name, message: error.message }));
    }
  };
}

function post(url, body, headers = {}) {
  return fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body }).then(async (r) => ({ status: r.status, body: await r.json() }));
}

/** A fake request: headers, a body a framework left, and a stream that was already read. */
function consumedRequest(headers, fields) {
  const stream = Readable.from([]);
  stream.resume();
  return new Promise((resolve) => stream.on('end', () => resolve(Object.assign(stream, { headers, method: 'POST' }, fields))));
}

describe('verifyNodeRequest', () => {
  it('reads the raw body of an IncomingMessage: signed resolves to the event, tampered and unsigned reject with their codes', async (t) => {
    const url = await serve(t, verdictServer());
    const event = makeEvent();
    const body = JSON.stringify(event);
    const signature = signPayload(body, SECRET);
    assert.deepEqual(await post(url, body, { 'callingbox-signature': signature }), { status: 200, body: { id: event.id } });
    assert.equal((await post(url, body.replace('completed', 'failed'), { 'callingbox-signature': signature })).body.error, 'no_matching_signature');
    assert.equal((await post(url, body)).body.error, 'missing_header');
  });

  it('uses a raw body a framework kept: req.rawBody, or req.body as a Buffer or a string', async () => {
    const event = makeEvent();
    const body = JSON.stringify(event);
    const headers = { 'callingbox-signature': signPayload(body, SECRET) };
    for (const fields of [{ rawBody: Buffer.from(body), body: { parsed: true } }, { body: Buffer.from(body) }, { body }, { rawBody: body }]) {
      const req = await consumedRequest(headers, fields);
      assert.equal((await verifyNodeRequest(req, SECRET)).id, event.id, `with ${Object.keys(fields)}`);
    }
    // No stream at all (a serverless adapter's request object).
    assert.equal((await verifyNodeRequest({ headers, body: new TextEncoder().encode(body) }, SECRET)).id, event.id);
  });

  it('reads the stream when Express 4’s body-parser left req.body = {} without reading it (another content type)', async (t) => {
    const url = await serve(t, verdictServer(undefined, (req) => (req.body = {})));
    const event = makeEvent();
    const body = JSON.stringify(event);
    assert.deepEqual(await post(url, body, { 'callingbox-signature': signPayload(body, SECRET) }), { status: 200, body: { id: event.id } });
  });

  it('rejects a body parsed into an object with payload_not_raw and the fix, before looking at the header', async () => {
    for (const headers of [{ 'callingbox-signature': signPayload('{}', SECRET) }, {}]) {
      const req = await consumedRequest(headers, { body: { id: 'evt_parsed' } });
      await assert.rejects(verifyNodeRequest(req, SECRET), (error) => {
        assert.ok(error instanceof pkg.verify.WebhookVerificationError);
        assert.equal(error.code, 'payload_not_raw');
        assert.match(error.message, /req\.body is an object/);
        assert.match(error.message, /before app\.use\(express\.json\(\)\)/);
        assert.match(error.message, /keepRawBody/);
        assert.match(error.message, /callingbox-webhooks\/fastify/);
        return true;
      });
    }
  });

  it('rejects a stream that something else already read, with no raw body kept, with payload_not_raw', async () => {
    const req = await consumedRequest({ 'callingbox-signature': 't=1,v1=00' }, {});
    await assert.rejects(verifyNodeRequest(req, SECRET), { code: 'payload_not_raw', message: /request stream has ended/ });
  });

  it('rejects a declared Content-Length over bodyLimit with payload_too_large before reading a byte', async (t) => {
    let didRead;
    const url = await serve(t, async (req, res) => {
      await verdictServer({ bodyLimit: 1000 })(req, res);
      didRead = req.readableDidRead;
    });
    assert.deepEqual((await post(url, 'x'.repeat(1001), { 'callingbox-signature': 't=1,v1=00' })).body.error, 'payload_too_large');
    assert.equal(didRead, false);
  });

  it('stops keeping a chunked body as soon as it passes bodyLimit: the 413 arrives while the client is still sending', async (t) => {
    let receivedAtRejection = 0;
    let code;
    const url = await serve(t, async (req, res) => {
      let received = 0;
      req.on('data', (chunk) => (received += chunk.length));
      try {
        await verifyNodeRequest(req, SECRET, { bodyLimit: 100_000 });
      } catch (error) {
        receivedAtRejection = received;
        code = error.code;
        res.writeHead(413, { connection: 'close' }).end(error.code);
      }
    });
    const { port } = new URL(url);
    const status = await new Promise((resolve, reject) => {
      // A current signature header, so that the body is what gets judged.
      const request = http.request({ host: '127.0.0.1', port, method: 'POST', headers: { 'callingbox-signature': signPayload('x', SECRET) } });
      request.on('response', (response) => resolve(response.statusCode));
      request.on('error', (error) => (error.code === 'EPIPE' || error.code === 'ECONNRESET' ? undefined : reject(error)));
      let sent = 0;
      const chunk = Buffer.alloc(16 * 1024, 120);
      const pump = () => {
        if (sent >= 50 * 1024 * 1024 || request.destroyed) return request.end();
        sent += chunk.length;
        if (request.write(chunk)) setImmediate(pump);
        else request.once('drain', pump);
      };
      pump();
    });
    assert.equal(status, 413);
    assert.equal(code, 'payload_too_large');
    assert.ok(receivedAtRejection > 100_000 && receivedAtRejection <= 100_000 + 64 * 1024, `rejected after ${receivedAtRejection} bytes`);
  });

  it('rejects what is not a request with a TypeError, and never throws synchronously', async () => {
    for (const req of [null, 'body', {}, { headers: null }]) {
      const pending = verifyNodeRequest(req, SECRET);
      assert.ok(pending instanceof Promise);
      await assert.rejects(pending, { name: 'TypeError', message: /IncomingMessage/ });
    }
    await assert.rejects(verifyNodeRequest({ headers: {}, body: '' }, SECRET, { bodyLimit: -1 }), TypeError);
    await assert.rejects(verifyNodeRequest({ headers: {}, body: '' }, ''), TypeError);
  });
});

describe('createNodeMiddleware', () => {
  it('answers on its path, passes other paths to next(), and answers 404 off its path without next', async (t) => {
    const webhooks = new pkg.router.Webhooks({ secret: SECRET });
    const middleware = createNodeMiddleware(webhooks, { path: '/hooks/' });
    const passed = [];
    const url = await serve(t, (req, res) => {
      if (req.url.startsWith('/standalone')) return middleware(req, res);
      middleware(req, res, () => {
        passed.push(req.url);
        res.writeHead(204).end();
      });
    });
    const body = JSON.stringify(makeEvent());
    assert.equal((await post(`${url}/hooks?x=1`, body, { 'callingbox-signature': signPayload(body, SECRET) })).status, 200);
    assert.equal((await fetch(`${url}/other`, { method: 'POST' })).status, 204);
    assert.deepEqual(passed, ['/other']);
    assert.deepEqual(await post(`${url}/standalone`, '{}'), { status: 404, body: { error: 'not_found' } });
  });

  it('matches Express’s originalUrl when mounted under a prefix', async () => {
    const webhooks = new pkg.router.Webhooks({ secret: SECRET });
    const middleware = createNodeMiddleware(webhooks, { path: '/api/hooks' });
    let nextCalled = false;
    const res = { writeHead() { return this; }, end() {} };
    const req = Object.assign(Readable.from([]), { url: '/hooks', originalUrl: '/api/hooks', method: 'GET', headers: {} });
    await middleware(req, res, () => (nextCalled = true));
    assert.equal(nextCalled, false, 'a request to the mounted path was passed on');
  });

  it('hands errors that are not about the delivery (a store that fails) to next(error), or answers 500 without next', async (t) => {
    const store = { claim: () => Promise.reject(new Error('store offline')), complete() {}, release() {} };
    const webhooks = new pkg.router.Webhooks({ secret: SECRET, idempotency: store });
    const middleware = createNodeMiddleware(webhooks);
    const errors = [];
    const url = await serve(t, (req, res) => {
      if (req.url === '/standalone') return middleware(req, res);
      middleware(req, res, (error) => {
        errors.push(error?.message);
        res.writeHead(503).end();
      });
    });
    const body = JSON.stringify(makeEvent());
    const headers = { 'callingbox-signature': signPayload(body, SECRET) };
    assert.equal((await fetch(`${url}/with-next`, { method: 'POST', headers, body })).status, 503);
    assert.deepEqual(errors, ['store offline']);
    const originalError = console.error;
    console.error = () => {};
    try {
      assert.deepEqual(await post(`${url}/standalone`, body, headers), { status: 500, body: { error: 'internal_error' } });
    } finally {
      console.error = originalError;
    }
  });

  it('answers a parsed body 400 payload_not_raw, and the router warns once with the fix', async (t) => {
    const { log, warnings } = recordingLog();
    const webhooks = new pkg.router.Webhooks({ secret: SECRET, log });
    const middleware = createNodeMiddleware(webhooks);
    const url = await serve(t, async (req, res) => {
      for await (const _ of req);
      req.body = { parsed: true };
      await middleware(req, res, (error) => res.writeHead(500).end(String(error)));
    });
    for (let i = 0; i < 2; i += 1) assert.deepEqual(await post(url, '{}'), { status: 400, body: { error: 'payload_not_raw' } });
    assert.equal(warnings.length, 1);
    assert.match(warnings[0], /express\.json/);
  });

  it('refuses a router-less or path-less set-up when it is made, not on the first request', () => {
    assert.throws(() => createNodeMiddleware('whsec_secret'), { name: 'TypeError', message: /router/ });
    const webhooks = new pkg.router.Webhooks({ secret: SECRET });
    assert.throws(() => createNodeMiddleware(webhooks, { path: 'hooks' }), { name: 'TypeError', message: /"\/"/ });
    assert.throws(() => createNodeMiddleware(webhooks, { bodyLimit: '1mb' }), TypeError);
  });
});
