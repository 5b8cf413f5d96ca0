// @vitest-environment jsdom
// Vitest's jsdom environment, as for component tests.
import { expect, test } from 'vitest';
import { checkDelivery } from '../src/check-delivery.js';
import { deliveries, SECRET } from './deliveries.js';

test('the signature check answers a signed delivery 200, a tampered one 400 no_matching_signature, an unsigned one 400 missing_header', () => {
  const { event, signed, tampered, unsigned } = deliveries();
  expect([signed, tampered, unsigned].map((delivery) => checkDelivery(delivery, SECRET))).toEqual([
    { status: 200, id: event.id, type: 'call.completed' },
    { status: 400, error: 'no_matching_signature' },
    { status: 400, error: 'missing_header' },
  ]);
});

test('the test runs in jsdom', () => {
  expect(document.createElement('form').tagName).toBe('FORM');
});
