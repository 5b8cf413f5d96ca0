// The typed event router (callingbox-webhooks/router) from the packed
// tarball: verification, handler order, error aggregation, answers,
// deduplication, body limits and secrets, in plain Node.
import assert from 'node:assert/strict';
import { inspect } from 'node:util';
import { after, before, describe, it } from 'node:test';
import { EVENT_TYPES } from '../../pkg-template/emulator/util.js';
import { deliveryRequest, installPackage, makeEvent, recordingLog, SECRET } from './support.mjs';

let pkg;
let Webhooks;
let verify;

before(async () => {
  pkg = await installPackage('router');
  ({ Webhooks } = pkg.router);
  verify = pkg.verify;
});
after(() => pkg?.project.remove());

const json = async (response) => ({ status: response.status, body: await response.json() });
const quiet = () => recordingLog().log;

describe('handle(request)', () => {
  it('answers a signed delivery 200 after its handler ran, a tampered one 400 no_matching_signature, an unsigned one 400 missing_header', async () => {
    const seen = [];
    const webhooks = new Webhooks({ secret: SECRET }).on('call.completed', (event) => seen.push(event.id));
    const event = makeEvent();
    assert.deepEqual(await json(await webhooks.handle(deliveryRequest(verify, event))), { status: 200, body: { received: true } });
    const signature = verify.signPayload(JSON.stringify(event), SECRET);
    const tampered = deliveryRequest(verify, null, { body: JSON.stringify({ ...event, id: 'evt_other' }), signature });
    assert.deepEqual(await json(await webhooks.handle(tampered)), { status: 400, body: { error: 'no_matching_signature' } });
    assert.deepEqual(await json(await webhooks.handle(deliveryRequest(verify, makeEvent(), { signature: null }))), {
      status: 400,
      body: { error: 'missing_header' },
    });
    assert.deepEqual(seen, [event.id]);
  });

  it('answers a GET 405 with Allow: POST and runs nothing', async () => {
    const webhooks = new Webhooks({ secret: SECRET }).onAny(() => assert.fail('a handler ran'));
    const response = await webhooks.handle(deliveryRequest(verify, makeEvent(), { method: 'GET' }));
    assert.equal(response.status, 405);
    assert.equal(response.headers.get('allow'), 'POST');
  });

  it('accepts a delivery signed with any of several secrets (a rotation window)', async () => {
    const webhooks = new Webhooks({ secret: ['whsec_new_secret', SECRET] });
    assert.equal((await webhooks.handle(deliveryRequest(verify, makeEvent(), { secret: SECRET }))).status, 200);
    assert.equal((await webhooks.handle(deliveryRequest(verify, makeEvent(), { secret: 'whsec_new_secret' }))).status, 200);
    assert.equal((await webhooks.handle(deliveryRequest(verify, makeEvent(), { secret: 'whsec_unknown' }))).status, 400);
  });

  it('refuses a body whose Content-Length is over bodyLimit with 413, without reading any of it', async () => {
    const webhooks = new Webhooks({ secret: SECRET, bodyLimit: 1000 });
    let pulls = 0;
    const body = new ReadableStream({ pull: (controller) => (pulls++ < 100 ? controller.enqueue(new Uint8Array(100)) : controller.close()) });
    const request = new Request('http://receiver.test/', {
      method: 'POST',
      headers: { 'content-length': '10000', 'callingbox-signature': verify.signPayload('x', SECRET) },
      body,
      duplex: 'half',
    });
    assert.deepEqual(await json(await webhooks.handle(request)), { status: 413, body: { error: 'payload_too_large' } });
    assert.ok(pulls <= 1, `the body was read (${pulls} pulls)`);
  });

  it('stops reading a body with no Content-Length as soon as it passes bodyLimit, and answers 413', async () => {
    const webhooks = new Webhooks({ secret: SECRET, bodyLimit: 1000 });
    let sent = 0;
    let cancelled = false;
    const body = new ReadableStream({
      pull(controller) {
        sent += 300;
        controller.enqueue(new Uint8Array(300));
      },
      cancel: () => (cancelled = true),
    });
    const request = new Request('http://receiver.test/', { method: 'POST', headers: { 'callingbox-signature': verify.signPayload('x', SECRET) }, body, duplex: 'half' });
    assert.deepEqual(await json(await webhooks.handle(request)), { status: 413, body: { error: 'payload_too_large' } });
    assert.ok(cancelled, 'the body stream was not cancelled');
    assert.ok(sent <= 1000 + 3 * 300, `read ${sent} bytes of an endless body`);
  });

  it('rejects a bad header before reading the body', async () => {
    const webhooks = new Webhooks({ secret: SECRET });
    let read = false;
    const delivery = { method: 'POST', headers: new Headers({ 'callingbox-signature': 'garbage' }), arrayBuffer: async () => ((read = true), new ArrayBuffer(0)) };
    assert.deepEqual(await webhooks.answer(delivery), { status: 400, headers: { 'content-type': 'application/json' }, body: '{"error":"malformed_header"}' });
    assert.equal(read, false);
  });
});

describe('handlers', () => {
  it('start with the handlers of the event’s type, then onAny’s, each in the order added, and all get the verified event', async () => {
    const order = [];
    const webhooks = new Webhooks({ secret: SECRET })
      .onAny((event) => order.push(`any 1 ${event.type}`))
      .on('call.completed', (event) => order.push(`completed 1 ${event.data.call.status}`))
      .on(['call.failed', 'call.completed'], () => order.push('failed or completed'))
      .on('call.failed', () => order.push('failed only'))
      .onAny(() => order.push('any 2'));
    await webhooks.handle(deliveryRequest(verify, makeEvent('call.completed')));
    assert.deepEqual(order, ['completed 1 completed', 'failed or completed', 'any 1 call.completed', 'any 2']);
  });

  it('are awaited before the answer: a slow async handler finishes before handle() resolves', async () => {
    let finished = false;
    const webhooks = new Webhooks({ secret: SECRET }).on('call.completed', async () => {
      await new Promise((r) => setTimeout(r, 50));
      finished = true;
    });
    const response = await webhooks.handle(deliveryRequest(verify, makeEvent()));
    assert.equal(response.status, 200);
    assert.equal(finished, true);
  });

  it('that fail give 500 handler_failed; the others still run; onError gets one WebhookHandlerError with every error and the event', async () => {
    const { log, errors } = recordingLog();
    const reports = [];
    let othersRan = 0;
    const webhooks = new Webhooks({ secret: SECRET, log })
      .on('call.completed', () => {
        throw new Error('database down');
      })
      .on('call.completed', () => othersRan++)
      .onAny(async () => {
        throw new RangeError('queue full');
      })
      .onAny(() => othersRan++)
      .onError((error) => reports.push(error));
    const event = makeEvent();
    assert.deepEqual(await json(await webhooks.handle(deliveryRequest(verify, event))), { status: 500, body: { error: 'handler_failed' } });
    assert.equal(othersRan, 2);
    assert.equal(reports.length, 1);
    const [error] = reports;
    assert.ok(error instanceof pkg.router.WebhookHandlerError);
    assert.ok(error instanceof verify.CallingBoxError);
    assert.equal(error.name, 'WebhookHandlerError');
    assert.deepEqual(error.errors.map((e) => e.message), ['database down', 'queue full']);
    assert.equal(error.event.id, event.id);
    assert.match(error.message, /2 handlers failed for call\.completed .*database down.*queue full/);
    assert.deepEqual(errors, [], 'with an onError handler, nothing else is logged');
  });

  it('that fail are logged when no onError handler listens', async () => {
    const { log, errors } = recordingLog();
    const webhooks = new Webhooks({ secret: SECRET, log }).on('call.completed', () => {
      throw new Error('boom');
    });
    await webhooks.handle(deliveryRequest(verify, makeEvent()));
    assert.equal(errors.length, 1);
    assert.match(String(errors[0][0]), /boom/);
  });

  it('an onError handler that throws is logged, never thrown', async () => {
    const { log, errors } = recordingLog();
    const webhooks = new Webhooks({ secret: SECRET, log }).onError(() => {
      throw new Error('reporter broken');
    });
    const response = await webhooks.handle(deliveryRequest(verify, makeEvent(), { signature: null }));
    assert.equal(response.status, 400);
    await new Promise((r) => setTimeout(r, 10));
    assert.match(errors.map((e) => e.join(' ')).join('\n'), /onError handler failed.*reporter broken/);
  });

  it('onError also hears of deliveries that failed verification, with the WebhookVerificationError', async () => {
    const reports = [];
    const webhooks = new Webhooks({ secret: SECRET }).onError((error) => reports.push(error));
    await webhooks.handle(deliveryRequest(verify, makeEvent(), { secret: 'whsec_wrong' }));
    assert.equal(reports.length, 1);
    assert.ok(reports[0] instanceof verify.WebhookVerificationError);
    assert.equal(reports[0].code, 'no_matching_signature');
  });

  it('removeListener removes the most recent registration of that handler only, for a type, "*" or "error"', async () => {
    const calls = [];
    const handler = () => calls.push('handler');
    const any = () => calls.push('any');
    const webhooks = new Webhooks({ secret: SECRET }).on('call.completed', handler).on('call.completed', handler).onAny(any);
    webhooks.removeListener('call.completed', handler).removeListener('*', any).removeListener('call.failed', handler);
    await webhooks.handle(deliveryRequest(verify, makeEvent()));
    assert.deepEqual(calls, ['handler']);
  });

  it('on("*") and on("error") throw TypeErrors that point to onAny and onError; a type this package does not know warns once and still gets its events', async () => {
    const { log, warnings } = recordingLog();
    const webhooks = new Webhooks({ secret: SECRET, log });
    assert.throws(() => webhooks.on('*', () => {}), { name: 'TypeError', message: /onAny/ });
    assert.throws(() => webhooks.on('error', () => {}), { name: 'TypeError', message: /onError/ });
    assert.throws(() => webhooks.on('call.completed', 'not a function'), TypeError);
    const seen = [];
    webhooks.on('call.transcribed', (event) => seen.push(event.type)).on('call.transcribed', () => {});
    assert.equal(warnings.length, 1);
    assert.match(warnings[0], /call\.transcribed.*call\.completed/);
    await webhooks.handle(deliveryRequest(verify, makeEvent('call.transcribed')));
    assert.deepEqual(seen, ['call.transcribed']);
  });
});

describe('each event once', () => {
  it('runs the handlers again on the retry after a failure; once processed, a redelivery is answered 200 duplicate and runs nothing', async () => {
    let attempts = 0;
    const webhooks = new Webhooks({ secret: SECRET, log: quiet() }).on('call.completed', () => {
      attempts += 1;
      if (attempts === 1) throw new Error('first attempt fails');
    });
    const event = makeEvent();
    assert.equal((await webhooks.handle(deliveryRequest(verify, event))).status, 500);
    assert.deepEqual(await json(await webhooks.handle(deliveryRequest(verify, event))), { status: 200, body: { received: true } });
    assert.deepEqual(await json(await webhooks.handle(deliveryRequest(verify, event))), { status: 200, body: { received: true, duplicate: true } });
    assert.equal(attempts, 2);
  });

  it('answers a delivery of an event still being processed 409 event_in_progress with Retry-After, and runs nothing for it', async () => {
    let release;
    let runs = 0;
    const webhooks = new Webhooks({ secret: SECRET }).on('call.completed', async () => {
      runs += 1;
      await new Promise((r) => (release = r));
    });
    const event = makeEvent();
    const first = webhooks.handle(deliveryRequest(verify, event));
    while (!release) await new Promise((r) => setTimeout(r, 1));
    const second = await webhooks.handle(deliveryRequest(verify, event));
    assert.equal(second.status, 409);
    assert.equal(second.headers.get('retry-after'), '60');
    assert.deepEqual(await second.json(), { error: 'event_in_progress' });
    release();
    assert.equal((await first).status, 200);
    assert.equal(runs, 1);
  });

  it('with idempotency: false, runs the handlers for every delivery of an event', async () => {
    let runs = 0;
    const webhooks = new Webhooks({ secret: SECRET, idempotency: false }).on('call.completed', () => runs++);
    const event = makeEvent();
    for (let i = 0; i < 3; i += 1) assert.equal((await webhooks.handle(deliveryRequest(verify, event))).status, 200);
    assert.equal(runs, 3);
  });

  it('asks a custom (async) store to claim, then complete or release, with the signed event id', async () => {
    const calls = [];
    const states = new Map();
    const store = {
      async claim(id) {
        calls.push(`claim ${id}`);
        if (states.get(id) === 'done') return 'processed';
        states.set(id, 'busy');
        return 'claimed';
      },
      async complete(id) {
        calls.push(`complete ${id}`);
        states.set(id, 'done');
      },
      async release(id) {
        calls.push(`release ${id}`);
        states.delete(id);
      },
    };
    let fail = true;
    const webhooks = new Webhooks({ secret: SECRET, idempotency: store, log: quiet() }).on('call.completed', () => {
      if (fail) throw new Error('once');
    });
    const event = makeEvent();
    assert.equal((await webhooks.handle(deliveryRequest(verify, event, { headers: { 'callingbox-event-id': 'evt_unsigned_header' } }))).status, 500);
    fail = false;
    assert.equal((await webhooks.handle(deliveryRequest(verify, event))).status, 200);
    assert.equal((await webhooks.handle(deliveryRequest(verify, event))).status, 200);
    const id = event.id;
    assert.deepEqual(calls, [`claim ${id}`, `release ${id}`, `claim ${id}`, `complete ${id}`, `claim ${id}`]);
  });

  it('answers 200 when the handlers succeeded but the store failed to record it, and logs the store’s error', async () => {
    const { log, errors } = recordingLog();
    const store = { claim: () => 'claimed', complete: () => Promise.reject(new Error('redis down')), release() {} };
    const webhooks = new Webhooks({ secret: SECRET, idempotency: store, log });
    assert.equal((await webhooks.handle(deliveryRequest(verify, makeEvent()))).status, 200);
    assert.match(errors.map((e) => e.map(String).join(' ')).join('\n'), /complete\(.*redis down/);
  });

  it('rejects a store without claim, complete and release, and a claim() answer it does not know', async () => {
    assert.throws(() => new Webhooks({ secret: SECRET, idempotency: { claim() {} } }), { name: 'TypeError', message: /claim\(id\), complete\(id\) and release\(id\)/ });
    const webhooks = new Webhooks({ secret: SECRET, idempotency: { claim: () => 'yes', complete() {}, release() {} } });
    await assert.rejects(webhooks.handle(deliveryRequest(verify, makeEvent())), { name: 'TypeError', message: /returned yes/ });
  });

  it('MemoryIdempotencyStore remembers the maxEntries most recently seen processed ids and never drops one being processed', () => {
    const store = new pkg.router.MemoryIdempotencyStore({ maxEntries: 2 });
    assert.equal(store.claim('busy'), 'claimed');
    for (const id of ['a', 'b', 'c']) {
      assert.equal(store.claim(id), 'claimed');
      store.complete(id);
    }
    assert.equal(store.size, 2);
    assert.equal(store.claim('a'), 'claimed', 'the oldest processed id was forgotten');
    store.release('a');
    assert.equal(store.claim('b'), 'processed');
    assert.equal(store.claim('c'), 'processed');
    assert.equal(store.claim('busy'), 'in_progress');
    assert.throws(() => new pkg.router.MemoryIdempotencyStore({ maxEntries: 0 }), TypeError);
  });
});

describe('receive, verifyAndReceive, verify, sign', () => {
  it('verifyAndReceive verifies the raw bytes; a bad signature rejects with a WebhookVerificationError after onError saw it', async () => {
    const reports = [];
    const webhooks = new Webhooks({ secret: SECRET }).onError((error) => reports.push(error.code));
    const event = makeEvent();
    const raw = new TextEncoder().encode(JSON.stringify(event));
    const result = await webhooks.verifyAndReceive(raw, webhooks.sign(raw));
    assert.equal(result.status, 'processed');
    assert.equal(result.event.id, event.id);
    await assert.rejects(webhooks.verifyAndReceive(raw, webhooks.sign('other body')), { name: 'WebhookVerificationError', code: 'no_matching_signature' });
    assert.deepEqual(reports, ['no_matching_signature']);
    assert.equal(webhooks.verify(raw, webhooks.sign(raw)), true);
    assert.equal(webhooks.verify(raw, 't=1,v1=00'), false);
  });

  it('receive() runs the handlers for an event verified elsewhere, once, and refuses what is not an event', async () => {
    let runs = 0;
    const webhooks = new Webhooks({ secret: SECRET }).on('call.answered', () => runs++);
    const event = makeEvent('call.answered');
    assert.deepEqual(await webhooks.receive(event), { status: 'processed', event });
    assert.deepEqual(await webhooks.receive(event), { status: 'duplicate', event });
    assert.equal(runs, 1);
    await assert.rejects(webhooks.receive('{"id":"x"}'), TypeError);
  });

  it('Webhooks.constructEvent is the verify entry’s constructEvent, for code written against the official SDK', () => {
    assert.equal(Webhooks.constructEvent, verify.constructEvent);
    const body = JSON.stringify(makeEvent());
    assert.equal(Webhooks.constructEvent(body, verify.signPayload(body, SECRET), SECRET).type, 'call.completed');
  });

  it('webhookEventTypes lists the eight event types of the spec, in the emulator’s order', () => {
    assert.deepEqual([...pkg.router.webhookEventTypes], [...EVENT_TYPES]);
    assert.ok(Object.isFrozen(pkg.router.webhookEventTypes));
  });
});

describe('options and secrets', () => {
  it('refuses a missing or empty secret, a bad tolerance and a bad bodyLimit when constructed', () => {
    for (const secret of [undefined, '', [], [''], 42, ['whsec_ok', 7]]) {
      assert.throws(() => new Webhooks({ secret }), { name: 'TypeError', message: /secret/ }, `secret ${inspect(secret)}`);
    }
    assert.throws(() => new Webhooks({ secret: SECRET, toleranceSeconds: -1 }), TypeError);
    assert.throws(() => new Webhooks({ secret: SECRET, bodyLimit: 1.5 }), TypeError);
    assert.throws(() => new Webhooks(), TypeError);
  });

  it('never shows the secret: not in errors, util.inspect, JSON.stringify or String() of the router', async () => {
    const secret = 'whsec_do_not_print_this_value';
    const webhooks = new Webhooks({ secret, log: quiet() }).on('call.completed', () => {
      throw new Error('handler failed');
    });
    const texts = [inspect(webhooks, { depth: 10, showHidden: true }), JSON.stringify(webhooks), String(webhooks)];
    const reports = [];
    webhooks.onError((error) => reports.push(error));
    await webhooks.handle(deliveryRequest(verify, makeEvent(), { secret }));
    await webhooks.handle(deliveryRequest(verify, makeEvent(), { secret: 'whsec_wrong' }));
    for (const error of reports) texts.push(inspect(error, { depth: 10 }), String(error.stack));
    try {
      new Webhooks({ secret: [secret, 12] });
    } catch (error) {
      texts.push(String(error), String(error.stack));
    }
    assert.equal(reports.length, 2);
    for (const text of texts) assert.ok(!text.includes('do_not_print'), `the secret leaked into: ${text.slice(0, 200)}`);
  });
});

describe('CommonJS', () => {
  it('require("callingbox-webhooks/router") gives the same router, whose errors are the CommonJS verify entry’s classes', async () => {
    const { Webhooks: CjsWebhooks, WebhookHandlerError } = pkg.require('callingbox-webhooks/router');
    const { WebhookVerificationError, CallingBoxError, signPayload } = pkg.require('callingbox-webhooks/verify');
    const reports = [];
    const webhooks = new CjsWebhooks({ secret: SECRET, log: quiet() })
      .on('call.completed', () => {
        throw new Error('x');
      })
      .onError((error) => reports.push(error));
    const body = JSON.stringify(makeEvent());
    await assert.rejects(webhooks.verifyAndReceive(body, 't=1,v1=00'), (error) => error instanceof WebhookVerificationError);
    await assert.rejects(webhooks.verifyAndReceive(body, signPayload(body, SECRET)), (error) => error instanceof WebhookHandlerError && error instanceof CallingBoxError);
    assert.equal(reports.length, 2);
  });
});
