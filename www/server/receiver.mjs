// The demo's webhook receiver: a tiny node:http server that checks every
// delivery with the package's constructEvent (raw body, CallingBox-Signature,
// the endpoint's secret) and records the verdict.
//
// Each endpoint gets its own path (/hooks/<name>), so the receiver knows which
// secret to try. Secrets reach it through `setSecret(endpoint)` (the demo
// passes what create and rotate return). Paths under /hooks/flaky/ answer 500
// to the first attempt of every event and 200 afterwards, to show retries.
import http from 'node:http';

/**
 * @param {object} options
 * @param {(raw: string|Uint8Array, header: string|undefined, secret: string) => any} options.constructEvent
 * @param {new (...args: any[]) => Error} [options.WebhookVerificationError]
 * @param {number} [options.port=0]
 * @param {(line: string) => void} [options.log]
 */
export async function startReceiver({ constructEvent, port = 0, log = () => {} }) {
  /** endpoint id -> { path, secret } */
  const endpoints = new Map();
  /** @type {Array<{ at: string, path: string, eventId: string|undefined, type: string|undefined, ok: boolean, code?: string, reason?: string, status: number, attempt: number }>} */
  const verdicts = [];
  const attemptsByEvent = new Map();
  const waiters = new Set();

  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (chunk) => chunks.push(chunk));
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      const url = new URL(req.url, 'http://127.0.0.1');
      const verdict = check(url.pathname, req, raw);
      res.writeHead(verdict.status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(verdict.ok ? { received: true } : { error: verdict.code ?? 'rejected' }));
    });
  });

  function check(pathname, req, raw) {
    const eventId = req.headers['callingbox-event-id'];
    const typeHeader = req.headers['callingbox-event-type'];
    const attempt = (attemptsByEvent.get(`${pathname} ${eventId}`) ?? 0) + 1;
    attemptsByEvent.set(`${pathname} ${eventId}`, attempt);
    const base = { at: new Date().toISOString(), path: pathname, eventId, type: typeHeader, attempt };

    let verdict;
    if (req.method !== 'POST' || !pathname.startsWith('/hooks/')) {
      verdict = { ...base, ok: false, code: 'not_a_webhook_path', reason: `${req.method} ${pathname}`, status: 404 };
    } else {
      const secrets = [...endpoints.values()].filter((e) => e.path === pathname).map((e) => e.secret);
      if (secrets.length === 0) {
        verdict = { ...base, ok: false, code: 'unknown_endpoint', reason: 'no signing secret known for this path', status: 400 };
      } else {
        verdict = verifyWithAny(base, raw, req.headers['callingbox-signature'], secrets);
        if (verdict.ok && pathname.startsWith('/hooks/flaky/') && attempt === 1) {
          verdict = { ...verdict, status: 500, reason: 'verified, but this flaky receiver fails every first attempt' };
        }
      }
    }
    // Kept for inspection (the demo re-checks a body against an old secret); not enumerable, so printing a verdict stays short.
    Object.defineProperty(verdict, 'raw', { value: raw, enumerable: false });
    Object.defineProperty(verdict, 'signature', { value: req.headers['callingbox-signature'], enumerable: false });
    verdicts.push(verdict);
    const mark = verdict.ok ? 'verified' : `REJECTED (${verdict.code})`;
    log(`receiver: ${pathname} ${verdict.type ?? '?'} ${eventId ?? '?'} attempt ${attempt}: ${mark} -> ${verdict.status}`);
    for (const waiter of waiters) waiter();
    return verdict;
  }

  function verifyWithAny(base, raw, header, secrets) {
    let failure;
    for (const secret of secrets) {
      try {
        const event = constructEvent(raw, header, secret);
        return { ...base, type: event.type, ok: true, status: 200 };
      } catch (error) {
        if (typeof error?.code !== 'string') throw error;
        failure = { ...base, ok: false, code: error.code, reason: error.message, status: 400 };
      }
    }
    return failure;
  }

  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const url = `http://127.0.0.1:${server.address().port}`;

  return {
    url,
    port: server.address().port,
    verdicts,
    /** Registers (or, after a rotation, replaces) the secret of an endpoint whose url points here. */
    setSecret({ id, url: endpointUrl, signing_secret: secret }) {
      if (!endpointUrl?.startsWith(`${url}/`)) return false;
      endpoints.set(id, { path: new URL(endpointUrl).pathname, secret });
      return true;
    },
    forget(id) {
      endpoints.delete(id);
    },
    /** Resolves once predicate(verdicts) is true; rejects after timeoutMs. */
    waitFor(predicate, timeoutMs = 15_000) {
      return new Promise((resolve, reject) => {
        const done = () => {
          if (!predicate(verdicts)) return;
          clearTimeout(timer);
          waiters.delete(done);
          resolve(verdicts);
        };
        const timer = setTimeout(() => {
          waiters.delete(done);
          reject(new Error(`receiver: condition not met within ${timeoutMs} ms (${verdicts.length} deliveries seen)`));
        }, timeoutMs);
        waiters.add(done);
        done();
      });
    },
    close: () => new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
