// The wasm `Verifier` (src/verify/verifier.rs) driven from JavaScript: its
// scratch area, the cache of keyed secrets (which secret is in which slot),
// and the calls that verify or sign a body already read by arguments.js.
//
// Everything here runs after the arguments were read, so no user code runs
// from here on, and nothing the wasm side does can throw: its methods take
// and return numbers. A body of any size goes through the 64 KiB chunk
// region part by part, fed to one incremental HMAC per secret, so wasm
// memory never grows with the body.
import { bufferOf, byteLengthOf, byteOffsetOf } from './arguments.js';

const U8 = Uint8Array;
const { min } = Math;
const encoder = new TextEncoder();
/** @type {TextDecoder | undefined} */
let utf8Decoder;

// Status codes of the wasm Verifier (`Status` in src/verify/verifier.rs).
export const OK = 0;
const INVALID_ARGUMENT = 5;
// Secrets checked together when an array is given (a body larger than the
// chunk region is read again for each group of this many secrets).
const SECRETS_AT_ONCE = 8;

/**
 * The wasm `Verifier` class's instance methods (src/verify/js/signature.rs).
 * @internal
 * @typedef {object} WasmVerifier
 * @property {() => number} scratch
 * @property {() => number} headerCapacity
 * @property {() => number} chunkCapacity
 * @property {() => number} keySlots
 * @property {(slot: number, len: number) => number} setKey
 * @property {(len: number) => number} addSecretPart
 * @property {() => void} forgetKeys
 * @property {(len: number, now: number, tolerance: number) => number} checkHeader
 * @property {(slot: number) => number} beginVerify
 * @property {(slot: number, timestamp: number) => number} beginSign
 * @property {(len: number) => number} update
 * @property {() => number} finishVerify
 * @property {() => number} finishSign
 * @property {(slot: number, headerLen: number, bodyLen: number, now: number, tolerance: number) => number} verify
 * @property {(slot: number, timestamp: number, bodyLen: number) => number} sign
 * @property {() => number} describeFailure
 * @property {(reasonLen: number) => number} describeInvalidPayload
 */

/** @type {WasmVerifier} */
let verifier;
/** @type {WebAssembly.Memory} */
let memory;
/** @type {new (message: string, props: { code: string }) => Error} */
let VerificationError;
let scratchAt = 0;
let headerCapacity = 0;
let chunkCapacity = 0;
let slotCount = 0;
/** Views of the scratch area's two regions (made again when memory grows). */
let headerRegion = new U8(0);
let chunkRegion = new U8(0);

// The keyed secrets: which slot holds which secret, filled round-robin.
/** @type {Map<string, number>} */
const slotOfSecret = new Map();
/** @type {(string | undefined)[]} */
let secretInSlot = [];
let nextSlot = 0;
/** @type {string | undefined} */
let lastSecret;
let lastSlot = 0;

/**
 * Binds the functions of this module to one wasm instance; each package
 * entry calls it once, right after instantiating. Later calls (another
 * entry of the package loaded in the same process) keep the first binding.
 * Internal: no entry exports it.
 * @internal
 * @param {WasmVerifier} wasmVerifier a new `Verifier` of the entry's wasm glue
 * @param {object} exports the wasm instance's exports (what `initSync` returns): the
 *   one `WebAssembly.Memory` among them is where `wasmVerifier` keeps its scratch area
 * @param {new (message: string, props: { code: string }) => Error} WebhookVerificationError the class errors.js exports
 */
export function bindVerify(wasmVerifier, exports, WebhookVerificationError) {
  if (verifier) return;
  verifier = wasmVerifier;
  VerificationError = WebhookVerificationError;
  // Found by type rather than by name, which build steps may minify.
  memory = /** @type {WebAssembly.Memory} */ (Object.values(exports).find((value) => value instanceof WebAssembly.Memory));
  scratchAt = verifier.scratch();
  headerCapacity = verifier.headerCapacity();
  chunkCapacity = verifier.chunkCapacity();
  slotCount = verifier.keySlots();
  secretInSlot = new Array(slotCount).fill(undefined);
}

/** The scratch views, made again if wasm memory grew (which detaches them). */
function regions() {
  if (chunkRegion.length === 0) {
    headerRegion = new U8(memory.buffer, scratchAt, headerCapacity);
    chunkRegion = new U8(memory.buffer, scratchAt + headerCapacity, chunkCapacity);
  }
  return chunkRegion;
}

/** Writes the header into its region: its length, 0 when missing, capacity + 1 when too long. */
function writeHeader(/** @type {string | null} */ header) {
  if (header === null) return 0;
  if (header.length > headerCapacity) return headerCapacity + 1;
  const { read, written } = encoder.encodeInto(header, headerRegion);
  return read < header.length ? headerCapacity + 1 : written;
}

/**
 * The slot holding `secret`'s keyed HMAC, keying a slot first if none does.
 * @param {string} secret
 * @param {number} pinned slots this call uses already (not to be replaced)
 */
function slotFor(secret, pinned) {
  if (secret === lastSecret) return lastSlot;
  let slot = slotOfSecret.get(secret);
  if (slot === undefined) {
    slot = nextSlot;
    while (pinned & (1 << slot)) slot = (slot + 1) % slotCount;
    nextSlot = (slot + 1) % slotCount;
    const evicted = secretInSlot[slot];
    if (evicted !== undefined) slotOfSecret.delete(evicted);
    // The secret's UTF-8 goes through the chunk region, in parts when it is
    // longer; the verifier wipes each part once it is hashed.
    for (let offset = 0; ; ) {
      const { read, written } = encoder.encodeInto(offset === 0 ? secret : secret.slice(offset), chunkRegion);
      offset += read;
      if (offset >= secret.length || read === 0) {
        expectOk(verifier.setKey(slot, written));
        break;
      }
      expectOk(verifier.addSecretPart(written));
    }
    secretInSlot[slot] = secret;
    slotOfSecret.set(secret, slot);
  }
  lastSecret = secret;
  lastSlot = slot;
  return slot;
}

/** @param {number} status */
function expectOk(status) {
  if (status === INVALID_ARGUMENT) throw new Error(`callingbox-webhooks: internal error in the wasm verifier (status ${status})`);
  return status;
}

/**
 * Feeds the body to every MAC begun, part by part through the chunk region.
 * @param {string | Uint8Array} body
 * @param {number} from UTF-16 units (string) of the body already fed
 */
function feedBody(body, from = 0) {
  if (typeof body === 'string') {
    for (let offset = from; offset < body.length; ) {
      // encodeInto never splits a surrogate pair: `read` ends on a whole character.
      const { read, written } = encoder.encodeInto(offset === 0 ? body : body.slice(offset), chunkRegion);
      verifier.update(written);
      offset += read || body.length;
    }
    return;
  }
  const length = byteLengthOf(body);
  if (length <= chunkCapacity) {
    chunkRegion.set(body);
    verifier.update(length);
    return;
  }
  const buffer = bufferOf(body);
  const start = byteOffsetOf(body);
  for (let offset = 0; offset < length; offset += chunkCapacity) {
    const part = min(chunkCapacity, length - offset);
    chunkRegion.set(new U8(buffer, start + offset, part));
    verifier.update(part);
  }
}

/**
 * Verifies everything that was read: the status of the wasm verifier.
 * @param {string | Uint8Array} body
 * @param {string | null} header
 * @param {string | string[]} secrets
 * @param {number} tolerance
 * @param {number} now
 */
export function check(body, header, secrets, tolerance, now) {
  regions();
  const headerLen = writeHeader(header);
  if (typeof secrets === 'string' || secrets.length === 1) {
    const slot = slotFor(typeof secrets === 'string' ? secrets : secrets[0], 0);
    // The common case: the whole body fits the chunk region, one call.
    if (typeof body === 'string') {
      const { read, written } = encoder.encodeInto(body, chunkRegion);
      if (read === body.length) return expectOk(verifier.verify(slot, headerLen, written, now, tolerance));
      const status = verifier.checkHeader(headerLen, now, tolerance);
      if (status !== OK) return status;
      expectOk(verifier.beginVerify(slot));
      verifier.update(written);
      feedBody(body, read);
      return expectOk(verifier.finishVerify());
    }
    const length = byteLengthOf(body);
    if (length <= chunkCapacity) {
      chunkRegion.set(body);
      return expectOk(verifier.verify(slot, headerLen, length, now, tolerance));
    }
    const status = verifier.checkHeader(headerLen, now, tolerance);
    if (status !== OK) return status;
    expectOk(verifier.beginVerify(slot));
    feedBody(body);
    return expectOk(verifier.finishVerify());
  }
  let status = verifier.checkHeader(headerLen, now, tolerance);
  for (let first = 0; status === OK && first < secrets.length; first += SECRETS_AT_ONCE) {
    let pinned = 0;
    for (const secret of secrets.slice(first, first + SECRETS_AT_ONCE)) pinned |= 1 << slotFor(secret, pinned);
    for (let slot = 0; slot < slotCount; slot++) if (pinned & (1 << slot)) expectOk(verifier.beginVerify(slot));
    feedBody(body);
    status = expectOk(verifier.finishVerify());
    if (status === OK) return OK;
    // no match in this group: try the next one
    if (first + SECRETS_AT_ONCE < secrets.length) status = verifier.checkHeader(headerLen, now, tolerance);
  }
  return status;
}

/** The text the verifier wrote at the start of the chunk region. */
function chunkText(/** @type {number} */ length) {
  utf8Decoder ??= new TextDecoder();
  return utf8Decoder.decode(chunkRegion.subarray(0, length));
}

/**
 * Whether `value` is one of the package's WebhookVerificationErrors (which
 * the receivers' request adapters throw from `headers.get` and
 * `arrayBuffer()`, such as `payload_too_large`). A hostile prototype chain
 * (a Proxy whose trap throws) is simply not one.
 */
export function isVerificationError(/** @type {unknown} */ value) {
  try {
    return value instanceof VerificationError;
  } catch {
    return false;
  }
}

/** The WebhookVerificationError for the verifier's last failure. */
export function verificationFailure() {
  const text = chunkText(verifier.describeFailure());
  const space = text.indexOf(' ');
  return new VerificationError(text.slice(space + 1), { code: text.slice(0, space) });
}

/** An `invalid_payload` WebhookVerificationError with this reason. */
export function invalidPayload(/** @type {string} */ reason) {
  regions();
  const { written } = encoder.encodeInto(reason, chunkRegion.subarray(0, 1024));
  return new VerificationError(chunkText(verifier.describeInvalidPayload(written)), { code: 'invalid_payload' });
}

/**
 * Only the header's checks (missing, malformed, the clock): the status.
 * verifyRequest rejects with this before it reads the body.
 * @param {string | null} header
 * @param {number} tolerance
 * @param {number} now
 */
export function checkHeader(header, tolerance, now) {
  regions();
  return verifier.checkHeader(writeHeader(header), now, tolerance);
}

/**
 * The `CallingBox-Signature` value for `body` signed with `secret` at
 * `timestamp` (whole unix seconds).
 * @param {string | Uint8Array} body
 * @param {string} secret
 * @param {number} timestamp
 */
export function sign(body, secret, timestamp) {
  regions();
  const slot = slotFor(secret, 0);
  if (typeof body !== 'string' && byteLengthOf(body) <= chunkCapacity) {
    chunkRegion.set(body);
    return chunkText(verifier.sign(slot, timestamp, byteLengthOf(body)));
  }
  expectOk(verifier.beginSign(slot, timestamp));
  feedBody(body);
  return chunkText(verifier.finishSign());
}

/** Wipes every keyed secret (wasm memory) and forgets which secret was where. */
export function forgetSecrets() {
  verifier.forgetKeys();
  slotOfSecret.clear();
  secretInSlot.fill(undefined);
  lastSecret = undefined;
  nextSlot = 0;
}

