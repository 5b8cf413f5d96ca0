// What a delivery looks like on the wire: the envelope (the POSTed body) and
// the headers. The emulator's engine, the CLI's `trigger --to` and the
// testing entry's createSignedRequest all build deliveries here, so a
// receiver sees the same bytes and headers from each of them.
import http from 'node:http';
import https from 'node:https';
import { API_VERSION, unixSeconds } from './util.js';

/** How much of a receiver's answer is kept. */
export const RESPONSE_TEXT_CAP = 64 * 1024;

/**
 * The event envelope as the exact JSON text CallingBox POSTs:
 * `{id, type, created, api_version, data: {call}}`.
 * @param {{id: string, type: string, call: object, createdMs?: number}} event
 * @returns {string}
 */
export function envelopeBody({ id, type, call, createdMs = Date.now() }) {
  return JSON.stringify({ id, type, created: unixSeconds(createdMs), api_version: API_VERSION, data: { call } });
}

/**
 * The headers of one delivery attempt. `callId` null leaves out
 * X-CallingBox-Call-Id (events without a call).
 * @param {{eventId: string, eventType: string, callId: string|null, signature: string, body: string|Uint8Array, userAgent: string}} parts
 * @returns {Record<string, string>}
 */
export function deliveryHeaders({ eventId, eventType, callId, signature, body, userAgent }) {
  const headers = {
    'Content-Type': 'application/json',
    'Content-Length': String(typeof body === 'string' ? Buffer.byteLength(body, 'utf8') : body.byteLength),
    'User-Agent': userAgent,
    'CallingBox-Signature': signature,
    'CallingBox-Event-Id': eventId,
    'CallingBox-Event-Type': eventType,
    'X-CallingBox-Event': eventType,
  };
  if (callId !== null) headers['X-CallingBox-Call-Id'] = callId;
  return headers;
}

/**
 * POSTs once with node:http(s): no redirects followed (a 3xx is just an
 * answer), no connection reuse, one deadline for the whole exchange. The
 * request sits in `outgoing` while it runs, so that its owner can destroy it
 * (shutdown, a caller that hung up). Resolves `{status, body, contentType}`
 * (body: the first RESPONSE_TEXT_CAP bytes or so) or `{error, code?}`;
 * never rejects.
 * @param {string} url
 * @param {string|Uint8Array} body
 * @param {Record<string, string|string[]>} headers
 * @param {{timeoutMs: number, outgoing?: Set<import('node:http').ClientRequest>}} options
 * @returns {Promise<{status: number, body: Buffer, contentType: string|undefined} | {error: string, code?: string}>}
 */
export function postOnce(url, body, headers, { timeoutMs, outgoing = new Set() }) {
  return new Promise((resolve) => {
    let settled = false;
    let request;
    const finish = (outcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      outgoing.delete(request);
      resolve(outcome);
    };
    const deadline = setTimeout(() => {
      finish({ error: `timed out after ${Math.round(timeoutMs)} ms`, code: 'ETIMEDOUT' });
      request?.destroy();
    }, timeoutMs);
    try {
      const target = new URL(url);
      const transport = target.protocol === 'https:' ? https : http;
      request = transport.request(target, { method: 'POST', headers, agent: false });
    } catch (error) {
      finish({ error: `request failed: ${error.message}` });
      return;
    }
    outgoing.add(request);
    request.on('error', (error) => finish({ error: `connection failed: ${error.code ?? error.message}`, code: error.code }));
    request.on('response', (response) => {
      const chunks = [];
      let size = 0;
      response.on('data', (chunk) => {
        if (size < RESPONSE_TEXT_CAP) chunks.push(chunk);
        size += chunk.length;
      });
      const done = () => finish({ status: response.statusCode, body: Buffer.concat(chunks), contentType: response.headers['content-type'] });
      response.on('end', done);
      // The status line arrived; a body cut short still counts as that answer.
      response.on('error', done);
      response.on('aborted', done);
    });
    request.end(body);
  });
}
