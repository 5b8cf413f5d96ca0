// Property tests (fast-check) against the packed tarball, both entries:
// functional properties of signing and verifying any body and secret, and
// the hostile-value invariants over generated values (fc.anything wrapped in
// throwing getters, throwing proxies, revoked proxies, lying Uint8Arrays).
//
//   node --test tests/hostile/properties.test.mjs      (after `make build`)
//   FC_SEED=123 FC_RUNS=5000 ...                          reproduce / run longer
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { pathToFileURL } from 'node:url';
import { join } from 'node:path';
import fc from 'fast-check';
import { BODY_BYTES, NOW, SECRET, WRONG_SECRET, describe } from './lib/common.mjs';
import { expectSignature, expectVerification, signedHeader } from './lib/reference.mjs';
import { judgeVerification } from './lib/judge.mjs';
import { anyBody, anyString, build, hostile, lie, lyingBytes, realBytes } from './lib/arbitraries.mjs';
import { healthOf } from './lib/health.mjs';
import { installPackage } from './lib/fixture.mjs';

const RUNS = Number(process.env.FC_RUNS ?? 0) || undefined;
const SEED = process.env.FC_SEED === undefined ? undefined : Number(process.env.FC_SEED);
// endOnFailure: once an instance is broken every later run fails too, so shrinking would only mislead.
const settings = (numRuns) => ({ numRuns: RUNS ?? numRuns, seed: SEED, endOnFailure: true, includeErrorInReport: true });

let project;
let entries;
before(async () => {
  project = await installPackage('hostile-properties');
  const { full, verify } = await import(pathToFileURL(join(project.dir, 'entry.mjs')).href);
  entries = [['callingbox-webhooks', full], ['callingbox-webhooks/verify', verify]];
});
after(() => project?.remove());

const VERIFY_EXPORTS = {
  verifySignature: { answer: 'boolean', call: (pkg, a) => pkg.verifySignature(...a), expect: (a) => expectVerification('boolean', ...a) },
  constructEvent: { answer: 'event', call: (pkg, a) => pkg.constructEvent(...a), expect: (a) => expectVerification('event', ...a) },
  'Webhooks.constructEvent': { answer: 'event', call: (pkg, a) => pkg.Webhooks.constructEvent(...a), expect: (a) => expectVerification('event', ...a) },
  signPayload: { answer: 'header', call: (pkg, a) => pkg.signPayload(...a), expect: (a) => expectSignature(...a) },
};
const PARAM = /payload|header|secret|options|now|tolerance|timestamp/i;

function outcomeOf(run) {
  try {
    return { value: run() };
  } catch (error) {
    return { threw: true, error };
  }
}

test('for any body (any string, lone surrogates included, or bytes in any container) and any secret, signPayload signs its UTF-8 bytes as node:crypto does and verifySignature accepts the header', () => {
  for (const [name, pkg] of entries) {
    fc.assert(fc.property(anyBody, anyString({ minLength: 1, maxLength: 80 }), fc.integer({ min: 0, max: 2 ** 40 }), (body, secret, t) => {
      const header = pkg.signPayload(body.value, secret, { timestamp: t });
      assert.equal(header, signedHeader(secret, t, body.bytes), `${name}: signPayload`);
      assert.equal(pkg.verifySignature(body.value, header, secret, { now: t }), true, `${name}: verifySignature`);
      assert.equal(pkg.verifySignature(body.value, header, [WRONG_SECRET, secret], { now: t }), true, `${name}: rotation list`);
    }), settings(300));
  }
});

test('changing any byte of the body, the secret or the timestamp makes verifySignature false', () => {
  for (const [name, pkg] of entries) {
    fc.assert(fc.property(fc.uint8Array({ minLength: 1, maxLength: 2048 }), fc.nat(), fc.integer({ min: 1, max: 255 }), (bytes, at, flip) => {
      const header = signedHeader(SECRET, NOW, bytes);
      const tampered = new Uint8Array(bytes);
      tampered[at % bytes.length] ^= flip;
      assert.equal(pkg.verifySignature(tampered, header, SECRET, { now: NOW }), false, `${name}: tampered body`);
      assert.equal(pkg.verifySignature(bytes, header, `${SECRET}x`, { now: NOW }), false, `${name}: other secret`);
      assert.equal(pkg.verifySignature(bytes, header.replace(`t=${NOW}`, `t=${NOW + 1}`), SECRET, { now: NOW }), false, `${name}: other t`);
    }), settings(300));
  }
});

test('a lying or exotic Uint8Array is read as its real bytes or refused with a TypeError: never signed or verified over other bytes', async () => {
  for (const [name, pkg] of entries) {
    fc.assert(fc.property(lyingBytes, fc.constantFrom(...Object.keys(VERIFY_EXPORTS)), (recipe, exportName) => {
      const value = lie(recipe);
      const bytes = realBytes(recipe);
      const { how } = recipe;
      const site = { answer: VERIFY_EXPORTS[exportName].answer };
      const args = exportName === 'signPayload'
        ? [value, SECRET, { timestamp: NOW }]
        : [value, signedHeader(SECRET, NOW, bytes), SECRET, { now: NOW }];
      const plain = exportName === 'signPayload' ? [bytes, SECRET, { timestamp: NOW }] : [bytes, args[1], SECRET, { now: NOW }];
      const expected = { ...VERIFY_EXPORTS[exportName].expect(plain), mayReject: true };
      const found = judgeVerification(site, { param: PARAM }, expected, outcomeOf(() => VERIFY_EXPORTS[exportName].call(pkg, args)), pkg);
      assert.equal(found, undefined, `${name} ${exportName} with a ${how} Uint8Array: ${found?.category}: ${found?.detail}`);
    }), settings(2000));
    assert.deepEqual(await healthOf(name, pkg), [], `${name}: the instance is still healthy`);
  }
});

test('any generated hostile value in any argument of any verification export gives an answer of the right type or a documented error, and the instance stays healthy', async () => {
  for (const [name, pkg] of entries) {
    await fc.assert(fc.asyncProperty(hostile, fc.constantFrom(...Object.keys(VERIFY_EXPORTS)), fc.integer({ min: 0, max: 5 }), async (recipe, exportName, slot) => {
      const value = build(recipe);
      const sign = exportName === 'signPayload';
      const args = sign ? [BODY_BYTES, SECRET, { timestamp: NOW }] : [BODY_BYTES, signedHeader(SECRET, NOW, BODY_BYTES), SECRET, { now: NOW }];
      const where = sign ? [[0], [1], [2], [2, 'timestamp'], [1], [0]][slot] : [[0], [1], [2], [3], [3, 'now'], [3, 'toleranceSeconds']][slot];
      if (where.length === 1) args[where[0]] = value;
      else args[where[0]][where[1]] = value;
      const outcome = outcomeOf(() => VERIFY_EXPORTS[exportName].call(pkg, args));
      const found = judgeVerification({ answer: VERIFY_EXPORTS[exportName].answer }, { param: PARAM }, { any: true }, outcome, pkg);
      assert.equal(found, undefined, `${name} ${exportName} argument ${where.join('.')} = a ${recipe.kind} value: ${found?.category}: ${found?.detail}`);
      // verifyRequest too: it must reject (never throw) with a documented error, or resolve.
      const pending = (() => { try { return pkg.verifyRequest(build(recipe), SECRET, { now: NOW }); } catch (error) { return { syncThrow: error }; } })();
      assert.ok(!pending.syncThrow, `${name} verifyRequest threw synchronously: ${describe(pending.syncThrow)}`);
      const settled = await pending.then((v) => ({ value: v }), (error) => ({ threw: true, error }));
      const bad = judgeVerification({ answer: 'event' }, { param: /request/ }, { any: true }, settled, pkg);
      assert.equal(bad, undefined, `${name} verifyRequest(a ${recipe.kind} value): ${bad?.category}: ${bad?.detail}`);
    }), settings(2000));
    assert.deepEqual(await healthOf(name, pkg), [], `${name}: the instance is still healthy`);
  }
});

test('any generated hostile params or options make the client refuse with a documented error before any request, or send well-formed JSON', async () => {
  const pkg = entries[0][1];
  let requests = 0;
  let malformed = '';
  const fetchImpl = async (input, init) => {
    requests++;
    const request = new Request(input, init);
    const body = await request.text();
    if (body) {
      try { JSON.parse(body); } catch { malformed = body.slice(0, 100); }
    }
    return new Response('{"data":[]}', { status: 200, headers: { 'content-type': 'application/json' } });
  };
  await fc.assert(fc.asyncProperty(hostile, fc.constantFrom('params', 'url', 'description', 'enabled_events', 'options', 'headers', 'timeoutMs'), async (recipe, where) => {
    const value = build(recipe);
    requests = 0;
    malformed = '';
    const params = { url: 'https://example.com/hooks' };
    const options = { apiKey: 'sk_test_properties', baseUrl: 'https://api.hostile.example', fetchImpl, maxRetries: 0 };
    const args = where === 'params' ? [value, options]
      : where === 'options' ? [params, value]
        : ['headers', 'timeoutMs'].includes(where) ? [params, { ...options, [where]: value }]
          : [{ ...params, [where]: value }, options];
    let outcome;
    try {
      outcome = { value: await pkg.createWebhookEndpoint(...args) };
    } catch (error) {
      outcome = { threw: true, error };
    }
    if (outcome.threw) {
      const error = outcome.error;
      const documented = error instanceof TypeError || error instanceof pkg.CallingBoxError;
      assert.ok(documented && !(error instanceof RangeError), `createWebhookEndpoint ${where} = a ${recipe.kind} value: ${describe(error)} escaped`);
    }
    assert.equal(malformed, '', `createWebhookEndpoint ${where} = a ${recipe.kind} value sent a body that is not JSON`);
  }), settings(1000));
  assert.deepEqual(await healthOf('callingbox-webhooks', pkg), [], 'the instance is still healthy');
});
