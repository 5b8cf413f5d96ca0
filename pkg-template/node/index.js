// callingbox-webhooks/node: receivers for Node's http server and the
// frameworks built on it. Everything here only reads the raw body and
// headers of an http.IncomingMessage (or of a framework's request around
// one) and writes the answer; verifying is the verify entry's, routing the
// router's, both imported by package self-reference.
import { WebhookVerificationError, verifyRequest } from 'callingbox-webhooks/verify';
import { DEFAULT_BODY_LIMIT, bodyTooLargeError } from 'callingbox-webhooks/router';

const utf8 = new TextEncoder();
/**
 * A body part as bytes: a string (a raw body a framework kept as text, or a
 * stream with an encoding set) is its UTF-8 bytes.
 * @param {Uint8Array | string} part
 * @returns {Uint8Array}
 */
const bytesOf = (part) => (typeof part === 'string' ? utf8.encode(part) : part);

export { DEFAULT_BODY_LIMIT };

/**
 * @import { VerifyOptions, WebhookEvent } from 'callingbox-webhooks/verify'
 * @import { DeliveryRequest, WebhookAnswer, Webhooks } from 'callingbox-webhooks/router'
 */

/**
 * What the Node receivers read from a request: Node's `http.IncomingMessage`,
 * or a framework's request object (Express, Connect, Fastify's `request`,
 * Next.js `pages/api`...). A body a framework already read is used when it
 * is the raw bytes: `req.rawBody` or `req.body` as a `Buffer`/`Uint8Array`
 * or string. Otherwise the unread request stream is read.
 * @typedef {object} NodeRequest
 * @property {Record<string, string | string[] | undefined>} headers
 * @property {string} [method]
 * @property {string} [url]
 * @property {string} [originalUrl] Express: the URL before mounting stripped its prefix.
 * @property {unknown} [body]
 * @property {unknown} [rawBody]
 * @property {(event: string, listener: (...args: any[]) => void) => unknown} [on]
 * @property {(event: string, listener: (...args: any[]) => void) => unknown} [off]
 * @property {() => unknown} [resume]
 * @property {boolean} [readableEnded]
 * @property {boolean} [readableDidRead]
 */

/**
 * What the Node receivers write an answer to: Node's `http.ServerResponse`
 * (Express's `res` is one).
 * @typedef {object} NodeResponse
 * @property {(status: number, headers: Record<string, string>) => unknown} writeHead
 * @property {(body: string) => unknown} end
 * @property {boolean} [headersSent]
 */

/**
 * Options of `verifyNodeRequest`: those of `verifyRequest`, and `bodyLimit`.
 * @typedef {VerifyOptions & { bodyLimit?: number }} NodeVerifyOptions
 */

/**
 * Options of `createNodeMiddleware`.
 * @typedef {object} NodeMiddlewareOptions
 * @property {string} [path] Answer only requests to this path (a trailing
 *   slash and the query are ignored); others go to `next()`, or are answered
 *   404 when there is no `next`. Default: answer every request it is given.
 * @property {number} [bodyLimit] The largest body read, in bytes (default:
 *   the router's `bodyLimit`).
 */

const NOT_A_REQUEST =
  'expected a Node http.IncomingMessage or a framework request with `headers` (Express, Fastify, Next.js pages/api)';

/**
 * Verifies a delivery received by Node's http server, or by a framework on
 * top of it, and resolves to its event: reads the `CallingBox-Signature`
 * header and the raw body, then does what `constructEvent` does.
 *
 * The body is `req.rawBody` or `req.body` when a framework left the raw bytes
 * there (a `Buffer`/`Uint8Array` or a string), otherwise the request stream,
 * read up to `bodyLimit` bytes (default 1 MiB).
 *
 * Rejects with a `WebhookVerificationError`: the codes of `constructEvent`,
 * `payload_not_raw` when a body parser already turned the body into an
 * object (answer 400 and fix the route: the message says how), or
 * `payload_too_large` past `bodyLimit` (answer 413; the rest of the body is
 * not buffered). Rejects with a `TypeError` when an argument has the wrong
 * type, and with the stream's error when the body cannot be read.
 * @param {NodeRequest} req
 * @param {string | readonly string[]} secret The signing secret (`whsec_...`), or several while rotating.
 * @param {NodeVerifyOptions} [options]
 * @returns {Promise<WebhookEvent>}
 */
export async function verifyNodeRequest(req, secret, options) {
  const { bodyLimit = DEFAULT_BODY_LIMIT, toleranceSeconds, now } = options ?? {};
  checkBodyLimit(bodyLimit, 'verifyNodeRequest');
  const delivery = /** @type {Request} */ (/** @type {unknown} */ (nodeDelivery(req, bodyLimit, 'verifyNodeRequest')));
  return verifyRequest(delivery, /** @type {string | string[]} */ (secret), { toleranceSeconds, now });
}

/**
 * A Node request as the router's `answer()` (and `verifyRequest`) read
 * requests: `headers.get(name)` and `arrayBuffer()`.
 *
 * A body that cannot be verified at all (parsed into an object already, or
 * declared larger than `bodyLimit`) is reported before the signature header
 * is looked at, so that a set-up mistake shows on the first request, signed
 * or not.
 * @param {NodeRequest} req
 * @param {number} bodyLimit
 * @param {string} caller
 * @returns {DeliveryRequest}
 */
export function nodeDelivery(req, bodyLimit, caller = 'callingbox-webhooks') {
  /** @type {unknown} */
  let failure = null;
  /** @type {Uint8Array | string | (() => Promise<Uint8Array>)} */
  let body = '';
  try {
    body = rawBody(req, bodyLimit, caller);
  } catch (error) {
    failure = error;
  }
  return {
    method: req?.method,
    headers: {
      get(name) {
        if (failure) throw failure;
        const value = req.headers[name.toLowerCase()];
        return Array.isArray(value) ? value.join(', ') : value;
      },
    },
    arrayBuffer: async () => bytesOf(typeof body === 'function' ? await body() : body),
  };
}

/**
 * A Node middleware (`(req, res, next?)`) that answers CallingBox deliveries
 * with a router: for `http.createServer`, Express, Connect and the like.
 * The answers are the router's (`webhooks.answer()`): 200 after the
 * handlers ran, 400 with the reason when verification fails, 413 past the
 * body limit, 500 when a handler failed. Errors that are not about the
 * delivery (the body could not be read, the idempotency store failed) go
 * to `next(error)`, or are answered 500 without `next`.
 * @param {Pick<Webhooks, 'answer' | 'bodyLimit'>} webhooks
 * @param {NodeMiddlewareOptions} [options]
 * @returns {(req: NodeRequest, res: NodeResponse, next?: (error?: unknown) => void) => Promise<void>}
 */
export function createNodeMiddleware(webhooks, options = {}) {
  if (typeof webhooks?.answer !== 'function') {
    throw new TypeError('createNodeMiddleware: `webhooks` must be a Webhooks router from callingbox-webhooks/router');
  }
  const { path, bodyLimit = webhooks.bodyLimit ?? DEFAULT_BODY_LIMIT } = options ?? {};
  if (path !== undefined && (typeof path !== 'string' || !path.startsWith('/'))) {
    throw new TypeError('createNodeMiddleware: `path` must be a string that starts with "/"');
  }
  checkBodyLimit(bodyLimit, 'createNodeMiddleware');
  const wanted = path === undefined ? undefined : withoutTrailingSlash(path);
  return async function callingboxWebhooksMiddleware(req, res, next) {
    if (wanted !== undefined && pathnameOf(req) !== wanted) {
      if (next) return next();
      return writeAnswer(res, { status: 404, headers: { 'content-type': 'application/json' }, body: '{"error":"not_found"}' });
    }
    /** @type {WebhookAnswer} */
    let answer;
    try {
      answer = await webhooks.answer(nodeDelivery(req, bodyLimit, 'createNodeMiddleware'));
    } catch (error) {
      if (next) return next(error);
      console.error('callingbox-webhooks: could not answer a delivery:', error);
      return writeAnswer(res, { status: 500, headers: { 'content-type': 'application/json' }, body: '{"error":"internal_error"}' });
    }
    writeAnswer(res, answer);
  };
}

/**
 * Writes a router answer (`{ status, headers, body }`) to a Node response.
 * A 413 also closes the connection, so that the client stops sending the
 * body nobody reads.
 * @param {NodeResponse} res
 * @param {WebhookAnswer} answer
 */
export function writeAnswer(res, { status, headers, body }) {
  if (res.headersSent) return;
  res.writeHead(status, status === 413 ? { ...headers, connection: 'close' } : headers);
  res.end(body);
}

/**
 * The raw body: bytes or a string a framework left on the request, or a
 * function that reads the unread request stream.
 * @param {NodeRequest} req
 * @param {number} limit
 * @param {string} caller
 * @returns {Uint8Array | string | (() => Promise<Uint8Array>)}
 */
function rawBody(req, limit, caller) {
  if (req === null || typeof req !== 'object' || req.headers === null || typeof req.headers !== 'object') {
    throw new TypeError(`${caller}: ${NOT_A_REQUEST}`);
  }
  for (const value of [req.rawBody, req.body]) {
    if (value instanceof Uint8Array || typeof value === 'string') return value;
    if (value instanceof ArrayBuffer) return new Uint8Array(value);
  }
  if (typeof req.on === 'function' && !req.readableDidRead && !req.readableEnded) {
    const declared = Number(req.headers['content-length']);
    if (declared > limit) throw bodyTooLargeError(limit);
    return () => readStream(/** @type {Required<NodeRequest>} */ (req), limit);
  }
  if (typeof req.on !== 'function' && req.body === undefined) throw new TypeError(`${caller}: ${NOT_A_REQUEST}`);
  throw notRaw(req.body !== null && typeof req.body === 'object');
}

/**
 * Reads the request stream to its end, at most `limit` bytes; past it, stops
 * keeping what arrives (the rest is drained unbuffered) and rejects.
 * @param {Required<NodeRequest>} req
 * @param {number} limit
 * @returns {Promise<Uint8Array>}
 */
function readStream(req, limit) {
  return new Promise((resolve, reject) => {
    /** @type {Uint8Array[]} */
    const chunks = [];
    let size = 0;
    const stop = () => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
      req.off('close', onClose);
    };
    /** @param {Uint8Array | string} chunk */
    const onData = (chunk) => {
      const bytes = bytesOf(chunk);
      size += bytes.byteLength;
      if (size > limit) {
        stop();
        req.resume();
        reject(bodyTooLargeError(limit));
      } else {
        chunks.push(bytes);
      }
    };
    const onEnd = () => {
      stop();
      const body = new Uint8Array(size);
      let offset = 0;
      for (const chunk of chunks) {
        body.set(chunk, offset);
        offset += chunk.byteLength;
      }
      resolve(body);
    };
    /** @param {unknown} error */
    const onError = (error) => {
      stop();
      reject(error);
    };
    const onClose = () => onError(new Error('The request was closed before its body was read in full'));
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
    req.on('close', onClose);
  });
}

/** @param {boolean} parsed */
function notRaw(parsed) {
  const what = parsed
    ? 'The request body was parsed before it reached callingbox-webhooks (req.body is an object)'
    : 'The request body was read before it reached callingbox-webhooks (the request stream has ended and no raw body was kept)';
  return new WebhookVerificationError(
    `${what}, so the exact bytes CallingBox signed are gone and the delivery cannot be verified. ` +
      'Give the webhook route the raw body: in Express, put the webhook route before app.use(express.json()), ' +
      'or use express.json({ verify: keepRawBody }) with keepRawBody from callingbox-webhooks/express; ' +
      'in Fastify, register callingbox-webhooks/fastify; in Next.js pages/api, export const config = { api: { bodyParser: false } }.',
    { code: 'payload_not_raw' },
  );
}

/**
 * @param {unknown} bodyLimit
 * @param {string} caller
 */
function checkBodyLimit(bodyLimit, caller) {
  if (!Number.isSafeInteger(bodyLimit) || /** @type {number} */ (bodyLimit) < 0) {
    throw new TypeError(`${caller}: \`bodyLimit\` must be a whole number of bytes`);
  }
}

/** @param {NodeRequest} req */
function pathnameOf(req) {
  try {
    return withoutTrailingSlash(new URL(req.originalUrl ?? req.url ?? '/', 'http://localhost').pathname);
  } catch {
    return null;
  }
}

/** @param {string} path */
function withoutTrailingSlash(path) {
  return path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path;
}
