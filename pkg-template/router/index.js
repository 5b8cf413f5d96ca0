// callingbox-webhooks/router: a typed event router for any runtime.
//
//   const webhooks = new Webhooks({ secret: env.CALLINGBOX_WEBHOOK_SECRET });
//   webhooks.on('call.completed', (event) => save(event.data.call.result));
//   export default { fetch: (request) => webhooks.handle(request) };
//
// Split as @octokit/webhooks is: this file knows no platform (it takes a
// Fetch API Request, or anything with `headers.get()` and `arrayBuffer()`);
// the Node adapters (callingbox-webhooks/node, /express, /fastify) only read
// the raw body and write the answer. Verification is the `verify` entry's,
// imported by package self-reference so that every runtime gets its own
// loader and only the small verify wasm.
import {
  CallingBoxError,
  WebhookVerificationError,
  constructEvent,
  signPayload,
  verifyRequest,
  verifySignature,
} from 'callingbox-webhooks/verify';
import { MemoryIdempotencyStore } from './idempotency.js';

export { MemoryIdempotencyStore };

/**
 * @import { SignOptions, WebhookEvent, WebhookEventType } from 'callingbox-webhooks/verify'
 */
/** @typedef {import('./idempotency.js').IdempotencyStore} IdempotencyStore */
/** @typedef {import('./idempotency.js').IdempotencyClaim} IdempotencyClaim */
/** @typedef {import('./idempotency.js').MemoryIdempotencyStoreOptions} MemoryIdempotencyStoreOptions */

/**
 * The largest body, in bytes, the router and the Node adapters read unless
 * told otherwise (`bodyLimit`): 1 MiB. A CallingBox event is the call object
 * with its prompt, context and result, a few kilobytes; this leaves room for
 * very long prompts and results without letting a stranger make the server
 * buffer an endless body.
 */
export const DEFAULT_BODY_LIMIT = 1024 * 1024;

/**
 * Every event type this version knows, in the order a call goes through
 * them. Checked against the Rust model's `WebhookEventType` (tsify) here,
 * and by the type tests for the other direction, so the two never differ.
 */
export const webhookEventTypes = Object.freeze(
  /** @type {const} @satisfies {readonly WebhookEventType[]} */ ([
    'call.queued',
    'call.ringing',
    'call.answered',
    'call.completed',
    'call.failed',
    'call.no_answer',
    'call.busy',
    'call.canceled',
  ]),
);

/**
 * A verified event whose `type` is `T`: what `on(T, handler)` hands its
 * handler.
 * @template {WebhookEventType} [T=WebhookEventType]
 * @typedef {WebhookEvent & { type: T }} WebhookEventOf
 */

/**
 * Options of `new Webhooks()`.
 * @typedef {object} WebhooksOptions
 * @property {string | readonly string[]} secret The endpoint's signing secret
 *   (`whsec_...`), or several while you rotate it: any of them may match.
 * @property {number} [toleranceSeconds] How far the signature's timestamp may
 *   be from now, in seconds (default 300).
 * @property {number} [bodyLimit] The largest body `handle()` and the Node
 *   adapters read, in bytes (default {@link DEFAULT_BODY_LIMIT}); a larger one
 *   is answered 413 without being read further.
 * @property {IdempotencyStore | false} [idempotency] Where processed event
 *   ids are recorded so that no event is processed twice (default: a
 *   {@link MemoryIdempotencyStore} of this process). `false` runs the
 *   handlers for every verified delivery.
 * @property {WebhooksLogger} [log] Where the router reports what it cannot
 *   throw (default `console`).
 */

/**
 * @typedef {object} WebhooksLogger
 * @property {(...data: unknown[]) => void} warn
 * @property {(...data: unknown[]) => void} error
 */

/**
 * What became of a verified event.
 *
 * - `processed`: the handlers ran and all succeeded.
 * - `duplicate`: it was processed before; the handlers did not run again.
 * - `in_progress`: another delivery of it is being processed now; the
 *   handlers did not run (the HTTP answer is 409, so CallingBox tries again).
 * @typedef {object} ReceiveResult
 * @property {'processed' | 'duplicate' | 'in_progress'} status
 * @property {WebhookEvent} event
 */

/**
 * An HTTP answer as plain data, for adapters to servers without Fetch API
 * `Response`s: `{ status, headers, body }`, the body a JSON string.
 * @typedef {object} WebhookAnswer
 * @property {number} status
 * @property {Record<string, string>} headers
 * @property {string} body
 */

/**
 * What `answer()` reads: a Fetch API `Request`, or anything with
 * `headers.get(name)` and `arrayBuffer()` (which may also resolve to a
 * `Uint8Array` of the raw body; the Node adapters turn a raw body a
 * framework kept as a string into its UTF-8 bytes).
 * @typedef {object} DeliveryRequest
 * @property {string} [method]
 * @property {{ get(name: string): string | null | undefined }} headers
 * @property {() => Promise<ArrayBuffer | Uint8Array>} arrayBuffer
 */

/**
 * One or more handlers threw (or rejected) for an event. Like an
 * `AggregateError`: `errors` holds what each failing handler threw, in the
 * order the handlers were added; `event` is the event they were given.
 */
export class WebhookHandlerError extends CallingBoxError {
  /**
   * @param {unknown[]} errors
   * @param {WebhookEvent} event
   */
  constructor(errors, event) {
    const reasons = errors.map((error) => (error instanceof Error ? `${error.name}: ${error.message}` : String(error)));
    const count = errors.length === 1 ? 'a handler' : `${errors.length} handlers`;
    super(`${count} failed for ${event.type} ${event.id}: ${reasons.join('; ')}`, { cause: errors[0] });
    /** What each failing handler threw. */
    this.errors = errors;
    /** The event the handlers were given. */
    this.event = event;
  }
}
Object.defineProperty(WebhookHandlerError.prototype, 'name', { value: 'WebhookHandlerError', configurable: true, writable: true });

const RESERVED = new Map([
  ['*', 'use onAny(handler) for every event'],
  ['error', 'use onError(handler) for failures'],
]);

/**
 * Verifies CallingBox deliveries and hands each event to the handlers of its
 * type, once.
 *
 * `on(type, handler)` and `onAny(handler)` add handlers; for an event, the
 * handlers of its type start first, then those of `onAny`, each in the order
 * they were added. They run concurrently and are all awaited; one failing
 * does not stop the others. `handle(request)` answers 200 after every handler
 * succeeded, 400 with the reason when verification fails, and 500 when a
 * handler failed, so that CallingBox delivers the event again.
 *
 * `Webhooks.constructEvent` is the verify entry's `constructEvent`, so code
 * written against the official SDK's `Webhooks.constructEvent(...)` works
 * with this class too.
 */
export class Webhooks {
  /** Same as the top-level `constructEvent` of `callingbox-webhooks/verify`. */
  static constructEvent = constructEvent;

  /** @type {string[]} */
  #secrets;
  /** @type {{ toleranceSeconds?: number }} */
  #verifyOptions;
  /** @type {IdempotencyStore | null} */
  #store;
  /** @type {WebhooksLogger} */
  #log;
  /** @type {Map<string, Array<(arg: any) => unknown>>} handlers by event type, plus '*' and 'error' */
  #hooks = new Map();
  #warned = new Set();

  /** @param {WebhooksOptions} options */
  constructor(options) {
    const { secret, toleranceSeconds, bodyLimit = DEFAULT_BODY_LIMIT, idempotency, log = console } = options ?? {};
    /** @type {unknown[]} */
    const secrets = [].concat(/** @type {any} */ (secret));
    if (secrets.length === 0 || !secrets.every((s) => typeof s === 'string' && s !== '')) {
      throw new TypeError(
        'new Webhooks: `secret` must be your endpoint\'s signing secret (a non-empty string, whsec_...) or an array of them',
      );
    }
    if (!Number.isSafeInteger(bodyLimit) || bodyLimit < 0) {
      throw new TypeError('new Webhooks: `bodyLimit` must be a whole number of bytes');
    }
    if (idempotency !== undefined && idempotency !== false && !isStore(idempotency)) {
      throw new TypeError('new Webhooks: `idempotency` must be false or a store with claim(id), complete(id) and release(id)');
    }
    this.#secrets = /** @type {string[]} */ (secrets);
    this.#verifyOptions = toleranceSeconds === undefined ? {} : { toleranceSeconds };
    // Checked now, so that a wrong tolerance fails at start-up, not per request.
    verifySignature('', 't=0,v1=00', this.#secrets, this.#verifyOptions);
    this.#store = idempotency === false ? null : (idempotency ?? new MemoryIdempotencyStore());
    this.#log = log;
    /** The largest body `handle()` and the Node adapters read, in bytes. */
    this.bodyLimit = bodyLimit;
  }

  /**
   * Adds `handler` for events of `type` (or of any of several types). Its
   * `event` is typed for that type. Returns the router, for chaining.
   * @template {WebhookEventType} T
   * @param {T | readonly T[]} type
   * @param {(event: WebhookEventOf<T>) => unknown} handler
   * @returns {this}
   */
  on(type, handler) {
    for (const name of [].concat(/** @type {any} */ (type))) {
      if (typeof name !== 'string') throw new TypeError('webhooks.on: `type` must be an event type such as "call.completed", or an array of them');
      const reserved = RESERVED.get(name);
      if (reserved) throw new TypeError(`webhooks.on("${name}"): ${reserved}`);
      if (!webhookEventTypes.includes(/** @type {any} */ (name)) && !this.#warned.has(name)) {
        // Not an error: CallingBox may send types newer than this package.
        this.#warned.add(name);
        this.#log.warn(`webhooks.on("${name}"): not an event type this package knows (${webhookEventTypes.join(', ')})`);
      }
      this.#add(name, handler);
    }
    return this;
  }

  /**
   * Adds `handler` for every verified event, including types newer than
   * this package. It starts after the handlers of the event's type.
   * @param {(event: WebhookEvent) => unknown} handler
   * @returns {this}
   */
  onAny(handler) {
    this.#add('*', handler);
    return this;
  }

  /**
   * Adds `handler` for failures: a delivery that failed verification (a
   * `WebhookVerificationError`) and handlers that failed (a
   * `WebhookHandlerError`). What it throws is logged, never rethrown.
   * @param {(error: WebhookHandlerError | WebhookVerificationError) => unknown} handler
   * @returns {this}
   */
  onError(handler) {
    this.#add('error', handler);
    return this;
  }

  /**
   * Removes the most recently added registration of `handler` for `type`
   * (`'*'` for onAny, `'error'` for onError).
   * @param {WebhookEventType | readonly WebhookEventType[] | '*' | 'error'} type
   * @param {(arg: never) => unknown} handler
   * @returns {this}
   */
  removeListener(type, handler) {
    for (const name of [].concat(/** @type {any} */ (type))) {
      const list = this.#hooks.get(name);
      const index = list ? list.lastIndexOf(/** @type {(arg: any) => unknown} */ (handler)) : -1;
      if (index >= 0) list?.splice(index, 1);
    }
    return this;
  }

  /**
   * `true` when `header` is a valid signature of `payload` under this
   * router's secrets and tolerance (see `verifySignature`).
   * @param {string | Uint8Array | ArrayBuffer} payload
   * @param {string | null | undefined} header
   * @returns {boolean}
   */
  verify(payload, header) {
    return verifySignature(payload, header, this.#secrets, this.#verifyOptions);
  }

  /**
   * Signs `payload` with the first secret, as CallingBox would: the
   * `CallingBox-Signature` value for tests.
   * @param {string | Uint8Array | ArrayBuffer} payload
   * @param {SignOptions} [options]
   * @returns {string}
   */
  sign(payload, options) {
    return signPayload(payload, this.#secrets[0], options);
  }

  /**
   * Runs the handlers for an event that is already verified, unless it was
   * processed before (see `idempotency`). Rejects with a
   * `WebhookHandlerError` when a handler failed, after the `onError`
   * handlers saw it.
   * @param {WebhookEvent} event
   * @returns {Promise<ReceiveResult>}
   */
  async receive(event) {
    if (event === null || typeof event !== 'object' || typeof event.id !== 'string' || typeof event.type !== 'string') {
      throw new TypeError('webhooks.receive: `event` must be a verified event (an object with a string id and type)');
    }
    const claim = this.#store ? await this.#store.claim(event.id) : 'claimed';
    if (claim === 'processed') return { status: 'duplicate', event };
    if (claim === 'in_progress') return { status: 'in_progress', event };
    if (claim !== 'claimed') throw new TypeError(`webhooks: the idempotency store's claim() returned ${String(claim)}, not claimed, processed or in_progress`);

    const handlers = [...(this.#hooks.get(event.type) ?? []), ...(this.#hooks.get('*') ?? [])];
    const outcomes = await Promise.allSettled(handlers.map((handler) => Promise.resolve(event).then(handler)));
    const errors = outcomes.flatMap((outcome) => (outcome.status === 'rejected' ? [outcome.reason] : []));
    if (errors.length > 0) {
      await this.#settleStore('release', event.id);
      const error = new WebhookHandlerError(errors, event);
      this.#report(error);
      throw error;
    }
    // The handlers ran: a store that fails now must not turn that into a
    // failure (CallingBox would deliver the event again), so it is logged.
    await this.#settleStore('complete', event.id);
    return { status: 'processed', event };
  }

  /**
   * Verifies `payload` against its `CallingBox-Signature` header, then does
   * what `receive` does. Rejects with a `WebhookVerificationError` (after the
   * `onError` handlers saw it) when verification fails.
   * @param {string | Uint8Array | ArrayBuffer} payload The raw body, exactly as received.
   * @param {string | null | undefined} header
   * @returns {Promise<ReceiveResult>}
   */
  async verifyAndReceive(payload, header) {
    return this.receive(this.#reported(() => constructEvent(payload, header, this.#secrets, this.#verifyOptions)));
  }

  /**
   * Answers one delivery as plain data: verifies it (the header before the
   * body is read), then receives the event. For adapters; `handle()` wraps
   * it in a `Response`.
   *
   * - 200 `{"received":true}` after the handlers succeeded (`"duplicate":true`
   *   added when the event was processed before);
   * - 400 `{"error":code}` when verification failed (`code` is the
   *   `WebhookVerificationError`'s), 413 for `payload_too_large`;
   * - 405 for a method other than POST;
   * - 409 `{"error":"event_in_progress"}` while another delivery of the event
   *   is being processed (CallingBox tries again later);
   * - 500 `{"error":"handler_failed"}` when a handler failed.
   *
   * Other errors (the body could not be read, the store failed) reject.
   * @param {DeliveryRequest} request
   * @returns {Promise<WebhookAnswer>}
   */
  async answer(request) {
    if (request?.method !== undefined && String(request.method).toUpperCase() !== 'POST') {
      return json(405, { error: 'method_not_allowed' }, { allow: 'POST' });
    }
    let event;
    try {
      event = await verifyRequest(/** @type {Request} */ (/** @type {unknown} */ (request)), this.#secrets, this.#verifyOptions);
    } catch (error) {
      if (!(error instanceof WebhookVerificationError)) throw error;
      this.#report(error);
      return rejectionAnswer(error);
    }
    let result;
    try {
      result = await this.receive(event);
    } catch (error) {
      if (error instanceof WebhookHandlerError) return json(500, { error: 'handler_failed' });
      throw error;
    }
    if (result.status === 'in_progress') return json(409, { error: 'event_in_progress' }, { 'retry-after': '60' });
    return json(200, result.status === 'duplicate' ? { received: true, duplicate: true } : { received: true });
  }

  /**
   * Answers one delivery (a Fetch API `Request`: Workers, Deno, Bun, Hono,
   * Next.js route handlers...) with a `Response`; see `answer()` for the
   * statuses. Reads at most `bodyLimit` bytes of the body.
   * @param {Request} request
   * @returns {Promise<Response>}
   */
  async handle(request) {
    const limited = {
      method: request.method,
      headers: request.headers,
      arrayBuffer: () => readLimitedBody(request, this.bodyLimit),
    };
    const { status, headers, body } = await this.answer(limited);
    return new Response(body, { status, headers });
  }

  /**
   * @param {string} name
   * @param {(arg: any) => unknown} handler
   */
  #add(name, handler) {
    if (typeof handler !== 'function') throw new TypeError('webhooks: the handler must be a function');
    const list = this.#hooks.get(name);
    if (list) list.push(handler);
    else this.#hooks.set(name, [handler]);
  }

  /**
   * Runs `verify`, reporting a verification failure to onError before it
   * propagates.
   * @template T
   * @param {() => T} verify
   * @returns {T}
   */
  #reported(verify) {
    try {
      return verify();
    } catch (error) {
      if (error instanceof WebhookVerificationError) this.#report(error);
      throw error;
    }
  }

  /** @param {WebhookHandlerError | WebhookVerificationError} error */
  #report(error) {
    const handlers = this.#hooks.get('error') ?? [];
    if (error instanceof WebhookVerificationError && error.code === 'payload_not_raw' && !this.#warned.has(error.code)) {
      // A set-up mistake rather than a bad delivery: say so once even when
      // nobody listens.
      this.#warned.add(error.code);
      this.#log.warn(`callingbox-webhooks: ${error.message}`);
    }
    if (handlers.length === 0 && error instanceof WebhookHandlerError) this.#log.error(error);
    for (const handler of handlers) {
      Promise.resolve(error)
        .then(/** @type {(e: unknown) => unknown} */ (handler))
        .catch((failure) => this.#log.error('callingbox-webhooks: an onError handler failed:', failure));
    }
  }

  /**
   * @param {'complete' | 'release'} method
   * @param {string} id
   */
  async #settleStore(method, id) {
    try {
      await this.#store?.[method](id);
    } catch (error) {
      this.#log.error(`callingbox-webhooks: the idempotency store's ${method}(${id}) failed:`, error);
    }
  }
}

/**
 * The answer for a delivery that failed verification: 413 for
 * `payload_too_large`, 400 for every other code, `{"error":code}`.
 * @param {WebhookVerificationError} error
 * @returns {WebhookAnswer}
 */
export function rejectionAnswer(error) {
  return json(error.code === 'payload_too_large' ? 413 : 400, { error: error.code });
}

/**
 * @param {number} status
 * @param {object} body
 * @param {Record<string, string>} [headers]
 * @returns {WebhookAnswer}
 */
function json(status, body, headers) {
  return { status, headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) };
}

/** @param {unknown} value */
function isStore(value) {
  const store = /** @type {Record<string, unknown>} */ (value);
  return typeof value === 'object' && value !== null && ['claim', 'complete', 'release'].every((m) => typeof store[m] === 'function');
}

/**
 * The body of a Fetch API request, read until `limit` bytes: a declared
 * `Content-Length` over it rejects before anything is read, a longer stream
 * is cancelled as soon as it passes it.
 * @param {Request} request
 * @param {number} limit
 * @returns {Promise<Uint8Array>}
 */
async function readLimitedBody(request, limit) {
  const declared = Number(request.headers.get('content-length') ?? NaN);
  if (declared > limit) throw bodyTooLargeError(limit);
  if (request.body === null) return new Uint8Array(0);
  const reader = request.body.getReader();
  const chunks = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => {});
      throw bodyTooLargeError(limit);
    }
    chunks.push(value);
  }
  const body = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return body;
}

/**
 * The error a body over `bodyLimit` is rejected with, here and in the Node
 * adapters: a `WebhookVerificationError` with the code `payload_too_large`.
 * @param {number} limit
 * @returns {WebhookVerificationError}
 */
export function bodyTooLargeError(limit) {
  return new WebhookVerificationError(
    `The request body is larger than ${limit} bytes (bodyLimit), so it was not read. CallingBox events are far smaller: if yours are not, raise bodyLimit.`,
    { code: 'payload_too_large' },
  );
}
