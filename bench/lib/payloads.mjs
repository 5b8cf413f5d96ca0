// Webhook deliveries of exact sizes, signed the CallingBox way and the
// Standard Webhooks way. Deterministic: the same bodies every run (only the
// timestamp is "now", so that every verifier's tolerance check passes).
import { createHmac } from 'node:crypto';

/** A CallingBox-style secret: the key is the UTF-8 bytes of the whole string. */
export const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSwQ7cTvuXz1Ys=';
/** A Standard Webhooks secret: `whsec_` + base64 of the 32 key bytes. */
export const STANDARD_SECRET = 'whsec_' + Buffer.from('callingbox-bench-key-32-bytes!!!').toString('base64');

const FILLER =
  'The caller confirmed the appointment for Tuesday at 10:30 and asked for a reminder the day before. ' +
  'No follow-up is needed; the clinic address was read back and the caller said thank you. ';

/**
 * A `call.completed` event whose JSON is exactly `size` bytes of ASCII (real
 * deliveries are JSON, mostly ASCII; the summary field takes up the slack).
 */
export function eventBody(size) {
  // The envelope of the spec ("Events"), with a uuid id and a call object.
  const event = {
    id: '0b9e3c2a-7f41-4d8e-9a62-5c1f0e7d3b84',
    type: 'call.completed',
    created: 1776340860,
    api_version: '2026-04',
    data: {
      call: {
        id: 'c3f1a9d2-4b7e-4c10-8e5a-2d9f6b1e7a03',
        status: 'completed',
        to_number: '+14155550123',
        result: { summary: '' },
      },
    },
  };
  const empty = JSON.stringify(event).length;
  if (size < empty) throw new Error(`eventBody(${size}): the smallest event is ${empty} bytes`);
  let summary = '';
  while (summary.length < size - empty) summary += FILLER;
  event.data.call.result.summary = summary.slice(0, size - empty);
  const body = JSON.stringify(event);
  if (Buffer.byteLength(body) !== size) throw new Error(`eventBody(${size}) made ${Buffer.byteLength(body)} bytes`);
  return body;
}

export function callingBoxHeader(body, secret = SECRET, t = Math.floor(Date.now() / 1000)) {
  const v1 = createHmac('sha256', secret).update(`${t}.`).update(body).digest('hex');
  return `t=${t},v1=${v1}`;
}

export function standardHeaders(body, secret = STANDARD_SECRET, t = Math.floor(Date.now() / 1000)) {
  const id = 'msg_2Lml5Q1fHZ2HkY0wq6VZDUsJXkP';
  const key = Buffer.from(secret.slice('whsec_'.length), 'base64');
  const signature = createHmac('sha256', key).update(`${id}.${t}.`).update(body).digest('base64');
  return { 'webhook-id': id, 'webhook-timestamp': String(t), 'webhook-signature': `v1,${signature}` };
}

/** The same delivery as a string and as bytes (a Uint8Array that is not a Buffer). */
export function delivery(size) {
  const body = eventBody(size);
  const bytes = new Uint8Array(Buffer.from(body));
  return {
    size,
    body,
    bytes,
    buffer: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength),
    header: callingBoxHeader(body),
    standard: standardHeaders(body),
  };
}
