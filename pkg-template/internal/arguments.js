// Reading and checking the arguments of the verification functions, before
// anything touches wasm memory: this is where user code may run (getters,
// proxy traps, array elements), and where every problem becomes a TypeError
// that names the argument (with what a getter threw as its `cause`).
//
// Intrinsics are captured when this module loads, so that a hostile
// argument cannot change how it is read: typed arrays are measured with the
// %TypedArray%.prototype getters called through Reflect.apply, never through
// an object's own `length` or `byteLength`.

const { apply } = Reflect;
const { isArray } = Array;
const { isView } = ArrayBuffer;
const { floor } = Math;
const dateNow = Date.now;
const U8 = Uint8Array;
/**
 * The getter of `key` on `prototype`.
 * @param {object} prototype
 * @param {PropertyKey} key
 */
const getter = (prototype, key) => /** @type {(this: unknown) => any} */ (Reflect.getOwnPropertyDescriptor(prototype, key)?.get);
const TypedArrayPrototype = /** @type {Uint8Array} */ (Reflect.getPrototypeOf(U8.prototype));
const typedArrayName = getter(TypedArrayPrototype, Symbol.toStringTag);
const typedArrayBuffer = getter(TypedArrayPrototype, 'buffer');
const typedArrayByteOffset = getter(TypedArrayPrototype, 'byteOffset');
const typedArrayByteLength = getter(TypedArrayPrototype, 'byteLength');
// Throws a TypeError for a view of a detached or out-of-bounds buffer.
const typedArrayKeys = TypedArrayPrototype.keys;
const dataViewBuffer = getter(DataView.prototype, 'buffer');
const dataViewByteOffset = getter(DataView.prototype, 'byteOffset');
const dataViewByteLength = getter(DataView.prototype, 'byteLength');
const arrayBufferByteLength = getter(ArrayBuffer.prototype, 'byteLength');
const sharedByteLength = typeof SharedArrayBuffer === 'function' ? getter(SharedArrayBuffer.prototype, 'byteLength') : undefined;

/** The default `toleranceSeconds`. */
const DEFAULT_TOLERANCE_SECONDS = 300;
// The most secrets one call takes (rotation needs two or three): a longer
// list is a mistake, and bounding it bounds the work.
const MAX_SECRETS = 64;

/** What each argument must be: the TypeErrors' messages. */
export const EXPECTED = {
  payload: '`payload` must be the raw request body: a string, a Uint8Array (such as a Node Buffer) or an ArrayBuffer, not parsed JSON',
  detached: '`payload` views a detached or out-of-bounds buffer: pass the body before transferring or shrinking its ArrayBuffer',
  header: '`header` must be the CallingBox-Signature header value (a string), or null/undefined when the request has none',
  secret: "`secret` must be the endpoint's signing secret (a non-empty string, whsec_...) or a non-empty array of at most 64 of them",
  options: '`options` must be an object or undefined',
  toleranceSeconds: '`options.toleranceSeconds` must be a finite, non-negative number of seconds (0 turns the timestamp check off)',
  now: '`options.now` must be a finite number of unix seconds (Date.now() / 1000)',
  signSecret: 'signPayload: `secret` must be a non-empty string (the signing secret, whsec_...)',
  timestamp: 'signPayload: `options.timestamp` must be a non-negative number of unix seconds below 2^63',
  body: "verifyRequest: the `request` body could not be read as bytes (its `arrayBuffer()` failed or gave no ArrayBuffer; the `cause` says why). A body can be read once: pass `request.clone()` to keep the original readable",
  request:
    "verifyRequest: `request` must be a Fetch API Request (with `headers.get()` and `arrayBuffer()`); for Node's http.IncomingMessage, read the raw body and call constructEvent",
};

/**
 * @param {string} message
 * @param {unknown} [cause] what a getter or trap threw
 */
export const argumentError = (message, cause) => new TypeError(message, cause === undefined ? undefined : { cause });

/** The byte length of a typed array, from its internal slot (no getter of its own). */
export const byteLengthOf = (/** @type {ArrayBufferView} */ view) => /** @type {number} */ (apply(typedArrayByteLength, view, []));

/** The buffer and byte offset of a typed array, from its internal slots. */
export const bufferOf = (/** @type {ArrayBufferView} */ view) => /** @type {ArrayBufferLike} */ (apply(typedArrayBuffer, view, []));
export const byteOffsetOf = (/** @type {ArrayBufferView} */ view) => /** @type {number} */ (apply(typedArrayByteOffset, view, []));

/** The current time in whole unix seconds. */
export const nowSeconds = () => floor(dateNow() / 1000);

/** @param {unknown} header */
export function readHeader(header) {
  if (typeof header === 'string') return header;
  if (header === undefined || header === null) return null;
  throw argumentError(EXPECTED.header);
}

/**
 * A secret, or a copy of an array of them (so that a getter or a later change
 * to the array cannot change what is checked).
 * @param {unknown} secret
 * @returns {string | string[]}
 */
export function readSecrets(secret) {
  if (typeof secret === 'string' && secret !== '') return secret;
  // true for arrays from any realm and for proxies of arrays; throws for a
  // revoked proxy
  let array = false;
  try {
    array = isArray(secret);
  } catch (error) {
    throw argumentError(EXPECTED.secret, error);
  }
  if (!array) throw argumentError(EXPECTED.secret);
  /** @type {string[]} */
  const secrets = [];
  let valid = true;
  try {
    const length = /** @type {unknown[]} */ (secret).length;
    if (!(length >= 1 && length <= MAX_SECRETS)) valid = false;
    for (let index = 0; valid && index < length; index++) {
      const item = /** @type {unknown[]} */ (secret)[index];
      valid = typeof item === 'string' && item !== '';
      if (valid) secrets.push(/** @type {string} */ (item));
    }
  } catch (error) {
    throw argumentError(EXPECTED.secret, error);
  }
  if (!valid) throw argumentError(EXPECTED.secret);
  return secrets;
}

/**
 * `options[key]` when it is a finite number of at least `min`, rounded down;
 * `fallback` when undefined; a TypeError otherwise (also when reading throws).
 * @param {object} options
 * @param {'toleranceSeconds' | 'now' | 'timestamp'} key
 * @param {number} least
 * @param {number | undefined} fallback
 * @param {string} expected
 * @param {number} [below] the least value refused (a timestamp must fit 63 bits, not be clamped)
 */
function numberOption(options, key, least, fallback, expected, below = Infinity) {
  let value;
  try {
    value = /** @type {Record<string, unknown>} */ (options)[key];
  } catch (error) {
    throw argumentError(expected, error);
  }
  if (value === undefined) return fallback;
  // `value - value` is NaN for NaN and the infinities
  if (typeof value !== 'number' || value - value !== 0 || value < least || value >= below) throw argumentError(expected);
  return floor(value);
}

/**
 * `toleranceSeconds` from verify options (read once): the default when
 * there are no options. Call before readNow (the options' read order).
 * @param {unknown} options
 */
export function readTolerance(options) {
  if (options === undefined || options === null) return DEFAULT_TOLERANCE_SECONDS;
  if (typeof options !== 'object') throw argumentError(EXPECTED.options);
  return /** @type {number} */ (numberOption(options, 'toleranceSeconds', 0, DEFAULT_TOLERANCE_SECONDS, EXPECTED.toleranceSeconds));
}

/**
 * `now` from verify options (read once), or the current time.
 * @param {unknown} options
 */
export function readNow(options) {
  if (options === undefined || options === null) return nowSeconds();
  return numberOption(/** @type {object} */ (options), 'now', -Infinity, undefined, EXPECTED.now) ?? nowSeconds();
}

/**
 * The body as a string, or as a Uint8Array over exactly its bytes (the
 * caller's own when it is one: copying from it reads only internal slots).
 * Runs no user code: read it last, after every getter has run, so that
 * nothing can resize its buffer before it is copied.
 * @param {unknown} payload
 * @param {boolean} [stable] also copy bytes of a SharedArrayBuffer, which
 *   another thread could change between verifying and parsing them
 * @returns {string | Uint8Array}
 */
export function readPayload(payload, stable = false) {
  if (typeof payload === 'string') return payload;
  /** @type {Uint8Array} */
  let view;
  if (isView(payload)) {
    const name = apply(typedArrayName, payload, []);
    if (name === 'Uint8Array') {
      view = /** @type {Uint8Array} */ (payload);
    } else {
      try {
        view = name === undefined
          ? new U8(apply(dataViewBuffer, payload, []), apply(dataViewByteOffset, payload, []), apply(dataViewByteLength, payload, []))
          : new U8(apply(typedArrayBuffer, payload, []), apply(typedArrayByteOffset, payload, []), apply(typedArrayByteLength, payload, []));
      } catch (error) {
        throw argumentError(EXPECTED.detached, error);
      }
    }
    // A view of a detached or out-of-bounds buffer reports 0 bytes: tell it
    // from an empty body.
    if (apply(typedArrayByteLength, view, []) === 0) {
      try {
        apply(typedArrayKeys, view, []);
      } catch (error) {
        throw argumentError(EXPECTED.detached, error);
      }
    }
  } else {
    let shared = false;
    try {
      apply(arrayBufferByteLength, payload, []);
    } catch {
      if (!sharedByteLength) throw argumentError(EXPECTED.payload);
      try {
        apply(sharedByteLength, payload, []);
        shared = true;
      } catch {
        throw argumentError(EXPECTED.payload);
      }
    }
    try {
      view = new U8(/** @type {ArrayBuffer} */ (payload));
    } catch (error) {
      throw argumentError(EXPECTED.detached, error);
    }
    if (!stable || !shared) return view;
  }
  if (stable && isShared(apply(typedArrayBuffer, view, []))) {
    const copy = new U8(apply(typedArrayByteLength, view, []));
    copy.set(view);
    return copy;
  }
  return view;
}

/** @param {ArrayBufferLike} buffer */
function isShared(buffer) {
  try {
    apply(arrayBufferByteLength, buffer, []);
    return false;
  } catch {
    return true;
  }
}

/**
 * signPayload's `timestamp`: the option rounded down, or now.
 * @param {unknown} options
 */
export function readSignTimestamp(options) {
  if (options === undefined || options === null) return nowSeconds();
  if (typeof options !== 'object') throw argumentError(EXPECTED.options);
  return numberOption(options, 'timestamp', 0, undefined, EXPECTED.timestamp, 2 ** 63) ?? nowSeconds();
}

/** signPayload's `secret`: one non-empty string. */
export function readSigningSecret(/** @type {unknown} */ secret) {
  if (typeof secret !== 'string' || secret === '') throw argumentError(EXPECTED.signSecret);
  return secret;
}
