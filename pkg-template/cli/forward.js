// The forwarding half of `listen`: a local HTTP server that the emulator
// delivers to, which passes each delivery on to the user's receiver byte for
// byte (the signature covers the body, so it must not change) and hands the
// receiver's answer back to the emulator, which then records it and retries
// on its schedule exactly as for a direct delivery. Each forwarded attempt is
// reported with the receiver's status and latency.
import http from 'node:http';
import { postOnce } from '../emulator/wire.js';

// Headers that describe one hop, not the delivery.
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'host', 'transfer-encoding', 'content-length', 'proxy-connection', 'te', 'upgrade']);
// The emulator gives up after 10 s (less at a time scale); this only bounds a receiver that never answers.
const FORWARD_TIMEOUT_MS = 30_000;

/**
 * Starts the forwarder on 127.0.0.1 (a free port).
 * @param {string} target the receiver's URL (--forward-to)
 * @param {(attempt: {eventId: string, eventType: string, callId: string|null, status: number|null,
 *   error: string|null, latencyMs: number, emulatorGaveUp: boolean}) => void} onAttempt
 * @returns {Promise<{url: string, close: () => Promise<void>}>}
 */
export async function startForwarder(target, onAttempt) {
  const inFlight = new Set(); // each forwarded attempt's own set of requests (postOnce's `outgoing`)
  const abort = (requests) => requests.forEach((request) => request.destroy());
  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (chunk) => chunks.push(chunk));
    req.on('end', async () => {
      const body = Buffer.concat(chunks);
      const headers = Object.fromEntries(Object.entries(req.headers).filter(([name]) => !HOP_BY_HOP.has(name)));
      headers['content-length'] = String(body.length);
      const requests = new Set();
      inFlight.add(requests);
      // The emulator hung up (its per-attempt timeout): stop waiting for the receiver.
      let emulatorGaveUp = false;
      res.on('close', () => {
        if (res.writableFinished) return;
        emulatorGaveUp = true;
        abort(requests);
      });
      const started = performance.now();
      const result = await postOnce(target, body, headers, { timeoutMs: FORWARD_TIMEOUT_MS, outgoing: requests });
      inFlight.delete(requests);
      onAttempt({
        eventId: String(req.headers['callingbox-event-id'] ?? ''),
        eventType: String(req.headers['callingbox-event-type'] ?? ''),
        callId: req.headers['x-callingbox-call-id'] ? String(req.headers['x-callingbox-call-id']) : null,
        latencyMs: Math.round(performance.now() - started),
        emulatorGaveUp,
        status: result.error ? null : result.status,
        error: result.error ? describeNetworkError(result, target) : null,
      });
      if (res.destroyed) return;
      if (result.error) res.writeHead(502, { 'content-type': 'text/plain' }).end(`callingbox-webhooks listen: ${result.error}`);
      else res.writeHead(result.status, result.contentType ? { 'content-type': result.contentType } : {}).end(result.body);
    });
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  return {
    url: `http://127.0.0.1:${server.address().port}/`,
    close() {
      inFlight.forEach(abort);
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

/** A failed POST as one readable phrase naming the receiver (never a header or body). */
export function describeNetworkError({ error, code }, target) {
  const { host } = new URL(target);
  switch (code) {
    case 'ECONNREFUSED':
      return `connection refused: is your server listening on ${host}?`;
    case 'ECONNRESET':
      return 'the receiver closed the connection without answering';
    case 'ENOTFOUND':
      return `cannot resolve ${host}`;
    default:
      return error;
  }
}
