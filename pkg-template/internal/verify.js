// verifySignature, constructEvent, verifyRequest, signPayload, Webhooks and
// clearSecretCache: the package's verification functions, in JavaScript on
// top of the wasm `Verifier` (src/verify/verifier.rs).
//
// No user code runs while wasm is on the stack: every function first reads
// and checks all its arguments (arguments.js: getters, proxies and array
// elements run there, and any problem is a TypeError naming the argument),
// then hands them to the wasm verifier (wasm-verifier.js), which gets only
// numbers and bytes in its own memory, in fixed-size parts whatever the
// body's size. Nothing the wasm side does can throw.
//
// Each package entry binds this module to its wasm instance once, with
// `bindVerify`, and re-exports the functions below.

/**
 * The event `constructEvent` returns. A stand-in for type-checking this
 * file: the package's declarations use the `WebhookEvent` that tsify
 * generates from the Rust model (src/event.rs) instead.
 * @typedef {{ id: string, type: string, created: number, data: object } & Record<string, unknown>} WebhookEvent
 */

/**
 * Options of `verifySignature`, `constructEvent` and `verifyRequest`.
 * @typedef {object} VerifyOptions
 * @property {number} [toleranceSeconds] The largest accepted distance between
 *   the header's `t` and `now`, in seconds, in both directions. Default 300.
 *   `0` turns the check off (tests only). Fractions are rounded down;
 *   negative, NaN or infinite values throw a `TypeError`.
 * @property {number} [now] The current time in unix seconds (default
 *   `Date.now() / 1000`). Fractions are rounded down.
 */

/**
 * Options of `signPayload`.
 * @typedef {object} SignOptions
 * @property {number} [timestamp] The `t` to sign with, in unix seconds
 *   (default: now). Fractions are rounded down; it must not be negative.
 */

import { EXPECTED, argumentError, readHeader, readPayload, readSecrets, readSignTimestamp, readSigningSecret, readNow, readTolerance } from './arguments.js';
import { OK, check, checkHeader, forgetSecrets, invalidPayload, isVerificationError, sign, verificationFailure } from './wasm-verifier.js';

export { bindVerify } from './wasm-verifier.js';

const { apply } = Reflect;
const { isArray } = Array;
const HEADER_NAME = 'CallingBox-Signature';
/** @type {TextDecoder | undefined} */
let strictDecoder;

/**
 * `JSON.parse` of the verified body, then the envelope's shape.
 * @param {string | Uint8Array} body
 * @returns {WebhookEvent}
 */
function parseEvent(body) {
  let text;
  if (typeof body === 'string') {
    // Lone surrogates were verified as U+FFFD (what TextEncoder makes of
    // them): parse exactly what was verified.
    const wellFormed = typeof body.isWellFormed === 'function' ? body.isWellFormed() : !/[\uD800-\uDFFF]/.test(body);
    text = wellFormed ? body : new TextDecoder().decode(new TextEncoder().encode(body));
  } else {
    try {
      strictDecoder ??= new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
      text = strictDecoder.decode(body);
    } catch {
      throw invalidPayload('the body is not valid UTF-8 (so not JSON)');
    }
  }
  let event;
  try {
    event = JSON.parse(text);
  } catch (error) {
    throw invalidPayload(`the body is not valid JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  const isObject = (/** @type {unknown} */ value) => typeof value === 'object' && value !== null && !isArray(value);
  if (!isObject(event)) throw invalidPayload('the body is not a JSON object');
  if (typeof event.id !== 'string') throw invalidPayload('`id` is missing or not a string');
  if (typeof event.type !== 'string') throw invalidPayload('`type` is missing or not a string');
  if (typeof event.created !== 'number' || event.created - event.created !== 0) throw invalidPayload('`created` is missing or not a number');
  if (!isObject(event.data)) throw invalidPayload('`data` is missing or not an object');
  return event;
}

// --- the exports -------------------------------------------------------------

/**
 * Returns `true` when `header` is a valid `CallingBox-Signature` for
 * `payload` under `secret` (any of them, when an array is given: useful
 * while rotating secrets) and its timestamp is within `toleranceSeconds`
 * (default 300) of `now` (default: the current time).
 *
 * `payload` must be the raw request body exactly as received: a string
 * (verified as its UTF-8 bytes), a `Uint8Array` (a Node `Buffer` is one) or
 * an `ArrayBuffer`. A body that was parsed and re-serialized never verifies.
 * Any size works in the same memory: large bodies are hashed in parts.
 *
 * Returns `false` for every verification failure (missing, malformed or
 * stale header, no matching signature); use `constructEvent` to learn why.
 * Throws a `TypeError` only when an argument has the wrong type, or when
 * `secret` is empty.
 * @param {string | Uint8Array | ArrayBuffer} payload
 * @param {string | null | undefined} header
 * @param {string | string[]} secret
 * @param {VerifyOptions | null} [options]
 * @returns {boolean}
 */
export function verifySignature(payload, header, secret, options) {
  const text = readHeader(header);
  const secrets = readSecrets(secret);
  const tolerance = readTolerance(options);
  const now = readNow(options);
  return check(readPayload(payload), text, secrets, tolerance, now) === OK;
}

/**
 * Verifies `header` as `verifySignature` does, then parses `payload` with
 * `JSON.parse` and returns the event.
 *
 * Throws a `WebhookVerificationError` whose `code` is `missing_header`,
 * `malformed_header`, `timestamp_out_of_tolerance`,
 * `no_matching_signature`, or `invalid_payload` (the signature is valid but
 * the body is not UTF-8 JSON with a string `id`, a string `type`, a number
 * `created` and an object `data`). Throws a `TypeError` when an argument
 * has the wrong type.
 *
 * An event of a type newer than this package is returned too, with its
 * `type` as sent: check `event.type` before reading `event.data.call`.
 * @param {string | Uint8Array | ArrayBuffer} payload
 * @param {string | null | undefined} header
 * @param {string | string[]} secret
 * @param {VerifyOptions | null} [options]
 * @returns {WebhookEvent}
 */
export function constructEvent(payload, header, secret, options) {
  const text = readHeader(header);
  const secrets = readSecrets(secret);
  const tolerance = readTolerance(options);
  const now = readNow(options);
  const body = readPayload(payload, true);
  if (check(body, text, secrets, tolerance, now) !== OK) throw verificationFailure();
  return parseEvent(body);
}

/**
 * Verifies a Fetch API `Request` (Cloudflare Workers, Deno, Bun, Node 18+)
 * and resolves to its event: reads the `CallingBox-Signature` header and
 * the raw body (`arrayBuffer()`), then does what `constructEvent` does.
 *
 * **This consumes the request body.** If you need the body afterwards,
 * pass `request.clone()`. When the header is missing, malformed or out of
 * tolerance, or an argument is wrong, the promise rejects before the body
 * is read.
 *
 * Rejects with a `WebhookVerificationError` (see `constructEvent` for the
 * codes), or a `TypeError` for arguments of the wrong type or a body that
 * could not be read (what the read threw is its `cause`; a
 * `WebhookVerificationError` the read throws rejects as it is); it never
 * throws synchronously.
 * @param {Request} request
 * @param {string | string[]} secret
 * @param {VerifyOptions | null} [options]
 * @returns {Promise<WebhookEvent>}
 */
export async function verifyRequest(request, secret, options) {
  const secrets = readSecrets(secret);
  const tolerance = readTolerance(options);
  const now = readNow(options);
  if (typeof request !== 'object' || request === null) throw argumentError(EXPECTED.request);
  /** @type {unknown} */
  let header;
  /** @type {unknown} */
  let arrayBuffer;
  // Getters and `headers.get` are the caller's code: whatever they throw
  // becomes the TypeError's `cause`, never the error itself, except the
  // package's own WebhookVerificationError (the receivers' adapters throw
  // `payload_not_raw` and `payload_too_large`), which rejects as it is.
  let readable = false;
  try {
    const headers = request.headers;
    const get = typeof headers === 'object' && headers !== null ? headers.get : undefined;
    arrayBuffer = request.arrayBuffer;
    if (typeof get === 'function' && typeof arrayBuffer === 'function') {
      header = apply(get, headers, [HEADER_NAME]);
      readable = typeof header === 'string' || header === null || header === undefined;
    }
  } catch (error) {
    throw isVerificationError(error) ? error : argumentError(EXPECTED.request, error);
  }
  if (!readable) throw argumentError(EXPECTED.request);
  const text = readHeader(header);
  // Reject a bad header before touching the body.
  if (checkHeader(text, tolerance, now) !== OK) throw verificationFailure();
  // Awaiting the body resolves whatever `arrayBuffer()` gave, thenables
  // included (user code): its failures become a TypeError, with them as
  // its `cause`.
  let read;
  try {
    read = await apply(/** @type {Function} */ (arrayBuffer), request, []);
  } catch (error) {
    throw isVerificationError(error) ? error : argumentError(EXPECTED.body, error);
  }
  // A Fetch body is bytes: a string here means an adapter that lost them.
  if (typeof read === 'string') throw argumentError(EXPECTED.body);
  let body;
  try {
    body = readPayload(read, true);
  } catch (error) {
    throw argumentError(EXPECTED.body, error);
  }
  if (check(body, text, secrets, tolerance, now) !== OK) throw verificationFailure();
  return parseEvent(body);
}

/**
 * Signs `payload` as CallingBox does and returns the `CallingBox-Signature`
 * header value `t=<timestamp>,v1=<hex>`. For tests and local tools: send
 * the returned header with exactly the same body bytes.
 *
 * Throws a `TypeError` when `payload` is not a string, `Uint8Array` or
 * `ArrayBuffer`, when `secret` is not a non-empty string, or when
 * `timestamp` is negative, NaN or infinite.
 * @param {string | Uint8Array | ArrayBuffer} payload
 * @param {string} secret
 * @param {SignOptions | null} [options]
 * @returns {string}
 */
export function signPayload(payload, secret, options) {
  const key = readSigningSecret(secret);
  const timestamp = readSignTimestamp(options);
  return sign(readPayload(payload), key, timestamp);
}

/**
 * Forgets every signing secret this package has seen: the keyed HMAC states
 * it caches (up to 16 secrets, each kept until 16 other secrets have been
 * used after it) are overwritten with zeros, and the next verification keys
 * its secret afresh. Call it when a secret is retired, or before handing the
 * process to other code. The secrets themselves are your strings: this
 * package keeps no copy of them in wasm memory once keyed.
 * @returns {void}
 */
export function clearSecretCache() {
  forgetSecrets();
}

/**
 * Webhook verification under the name the official CallingBox TypeScript
 * SDK documents: `Webhooks.constructEvent(rawBody, header, secret)` works
 * unchanged. There is nothing to construct: use the static methods.
 */
export class Webhooks {
  /**
   * Not constructible: every method is static.
   * @param {never} notConstructible
   */
  // eslint-disable-next-line no-unused-vars
  constructor(notConstructible) {
    throw new TypeError('Webhooks has only static methods: call Webhooks.constructEvent(payload, header, secret)');
  }

  /**
   * Same as the top-level `constructEvent`: verifies the
   * `CallingBox-Signature` header and returns the parsed event, or throws a
   * `WebhookVerificationError` with a `code`.
   * @param {string | Uint8Array | ArrayBuffer} payload
   * @param {string | null | undefined} header
   * @param {string | string[]} secret
   * @param {VerifyOptions | null} [options]
   * @returns {WebhookEvent}
   */
  static constructEvent(payload, header, secret, options) {
    return constructEvent(payload, header, secret, options);
  }
}
