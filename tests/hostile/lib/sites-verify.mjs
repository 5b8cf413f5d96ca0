// The verification exports of one entry as call sites: the export, its valid
// arguments, and one slot per argument (and per nested option) where a
// hostile value goes. `build(value, means)` gives the arguments with `value`
// in the slot; when the slot is the body, the header is signed over the
// bytes `means` stands for, so a value read correctly verifies.
import { BODY_BYTES, NOW, SECRET, WRONG_SECRET } from './common.mjs';
import { expectSignature, expectVerification, payloadBytes, signedHeader } from './reference.mjs';

export const VALID_HEADER = signedHeader(SECRET, NOW, BODY_BYTES);
const options = () => ({ now: NOW, toleranceSeconds: 300 });
const headerFor = (means) => {
  const bytes = payloadBytes(means);
  return bytes ? signedHeader(SECRET, NOW, bytes) : VALID_HEADER;
};

/** Slots of (payload, header, secret, options) shared by verifySignature and both constructEvents. */
function verificationSlots() {
  return [
    { name: 'payload', type: 'bytes', base: BODY_BYTES, param: /payload/, build: (v, m) => [v, headerFor(m), SECRET, options()] },
    { name: 'header', type: 'sigHeader', base: VALID_HEADER, param: /header/, build: (v) => [BODY_BYTES, v, SECRET, options()] },
    { name: 'secret', type: 'string', base: SECRET, param: /secret/, build: (v) => [BODY_BYTES, VALID_HEADER, v, options()] },
    { name: 'secrets', type: 'array', base: [WRONG_SECRET, SECRET], param: /secret/, build: (v) => [BODY_BYTES, VALID_HEADER, v, options()] },
    { name: 'secrets[1]', type: 'string', base: SECRET, param: /secret/, build: (v) => [BODY_BYTES, VALID_HEADER, [WRONG_SECRET, v], options()] },
    { name: 'options', type: 'object', base: options(), fields: ['now', 'toleranceSeconds'], param: /options/, build: (v) => [BODY_BYTES, VALID_HEADER, SECRET, v] },
    { name: 'options.now', type: 'number', base: NOW, param: /now/, build: (v) => [BODY_BYTES, VALID_HEADER, SECRET, { now: v, toleranceSeconds: 300 }] },
    { name: 'options.toleranceSeconds', type: 'number', base: 300, param: /tolerance/i, build: (v) => [BODY_BYTES, VALID_HEADER, SECRET, { now: NOW, toleranceSeconds: v }] },
  ];
}

/** A Request whose own arrayBuffer() resolves to `value`: how a hostile body reaches verifyRequest. */
function bodyRequest(value, header, nativeBody) {
  class HostileBodyRequest extends Request {
    arrayBuffer() { return Promise.resolve(value); }
  }
  return new HostileBodyRequest('https://receiver.example/hooks', {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'callingbox-signature': header },
    body: nativeBody,
  });
}

/** A fresh, valid delivery request. */
export function validRequest() {
  return new Request('https://receiver.example/hooks', {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'callingbox-signature': VALID_HEADER },
    body: BODY_BYTES,
  });
}

/**
 * The verification call sites of `pkg` (one entry). Each: { id, family,
 * answer: 'boolean' | 'event' | 'header', async, call(args), slots,
 * expect(plainArgs) }.
 */
export function verifySites(pkg, entry) {
  const verification = (answer) => (args) => expectVerification(answer, ...args);
  const requestSlots = [
    {
      name: 'request', type: 'request', base: null, param: /request/, fresh: true,
      build: (v) => [v, SECRET, options()],
      expect: (means) => (means instanceof Request ? expectVerification('event', BODY_BYTES, VALID_HEADER, SECRET, options()) : { typeError: 'request' }),
    },
    {
      name: 'body', type: 'bytes', base: BODY_BYTES, param: /payload|body|request|arrayBuffer/,
      build: (v, m) => [bodyRequest(v, headerFor(m), payloadBytes(m) ?? BODY_BYTES), SECRET, options()],
      expect: (means) => expectVerification('event', means, headerFor(means), SECRET, options()),
      // Reading the body through Request.prototype.arrayBuffer (past the
      // override) gets the native body, which is the real bytes: also right.
      alsoRight: (means) => expectVerification('event', payloadBytes(means) ?? BODY_BYTES, headerFor(means), SECRET, options()),
    },
    ...verificationSlots().slice(2).map((slot) => ({
      ...slot,
      build: (v, m) => {
        const [, , secret, opts] = slot.build(v, m);
        return [validRequest(), secret, opts];
      },
      expect: (means) => {
        const [, , secret, opts] = slot.build(means, means);
        return expectVerification('event', BODY_BYTES, VALID_HEADER, secret, opts);
      },
    })),
  ];
  return [
    { id: `${entry} verifySignature`, answer: 'boolean', call: (a) => pkg.verifySignature(...a), slots: verificationSlots(), expect: verification('boolean') },
    { id: `${entry} constructEvent`, answer: 'event', call: (a) => pkg.constructEvent(...a), slots: verificationSlots(), expect: verification('event') },
    { id: `${entry} Webhooks.constructEvent`, answer: 'event', call: (a) => pkg.Webhooks.constructEvent(...a), slots: verificationSlots(), expect: verification('event') },
    {
      id: `${entry} signPayload`,
      answer: 'header',
      call: (a) => pkg.signPayload(...a),
      expect: (args) => expectSignature(...args),
      slots: [
        { name: 'payload', type: 'bytes', base: BODY_BYTES, param: /payload/, build: (v) => [v, SECRET, { timestamp: NOW }] },
        { name: 'secret', type: 'string', base: SECRET, param: /secret/, build: (v) => [BODY_BYTES, v, { timestamp: NOW }] },
        { name: 'options', type: 'object', base: { timestamp: NOW }, fields: ['timestamp'], param: /options/, build: (v) => [BODY_BYTES, SECRET, v] },
        { name: 'options.timestamp', type: 'number', base: NOW, param: /timestamp/, build: (v) => [BODY_BYTES, SECRET, { timestamp: v }] },
      ],
    },
    {
      id: `${entry} verifyRequest`,
      answer: 'event',
      async: true,
      call: (a) => pkg.verifyRequest(...a),
      slots: requestSlots,
    },
  ].map((site) => ({ ...site, family: 'verify', entry }));
}
