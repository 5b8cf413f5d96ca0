/**
 * @jest-environment jsdom
 */
// Jest's jsdom environment, the default for component tests: it resolves the
// package with the "browser" condition and has no TextEncoder/TextDecoder.
const { checkDelivery } = require('../src/signature-check.js');
const { SECRET, deliveries } = require('./deliveries.js');

test('the signature check answers a signed delivery 200, a tampered one 400 no_matching_signature, an unsigned one 400 missing_header', () => {
  const { event, signed, tampered, unsigned } = deliveries();
  expect([signed, tampered, unsigned].map((delivery) => checkDelivery(delivery, SECRET))).toEqual([
    { status: 200, id: event.id, type: 'call.completed' },
    { status: 400, error: 'no_matching_signature' },
    { status: 400, error: 'missing_header' },
  ]);
});

test('the test runs in jsdom, without TextEncoder and TextDecoder', () => {
  expect(document.createElement('form').tagName).toBe('FORM');
  expect(typeof TextEncoder).toBe('undefined');
  expect(typeof TextDecoder).toBe('undefined');
});
