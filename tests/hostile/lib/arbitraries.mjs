// fast-check arbitraries for the property tests: strings with lone
// surrogates, byte arrays in every container, and hostile wrappers around
// anything fast-check can generate.
import fc from 'fast-check';
import { HostileError } from './common.mjs';
import { throwingHandler } from './cases.mjs';

/** One UTF-16 unit or code point: mostly any code point, often a lone surrogate half. */
const utf16Unit = fc.oneof(
  { weight: 6, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }) },
  { weight: 2, arbitrary: fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c)) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary-ascii', minLength: 1, maxLength: 1 }) },
);

/** Any JS string, lone surrogates included. */
export const anyString = (constraints = {}) => fc.string({ unit: utf16Unit, ...constraints });

/**
 * Bytes in a container the contract accepts: { value, bytes } where `bytes`
 * is what the value holds (a Node Buffer, a view at an offset, an
 * ArrayBuffer, a Uint8Array).
 */
export const bodyBytes = fc.uint8Array({ maxLength: 4096 }).chain((bytes) => fc.constantFrom(
  { value: bytes, bytes },
  { value: Buffer.from(bytes), bytes },
  { value: new Uint8Array(bytes).buffer, bytes },
  (() => {
    const big = new Uint8Array(bytes.length + 64).fill(0xee);
    big.set(bytes, 32);
    return { value: big.subarray(32, 32 + bytes.length), bytes };
  })(),
));

/** A body: a string (verified as its TextEncoder UTF-8) or bytes. */
export const anyBody = fc.oneof(
  anyString({ maxLength: 2048 }).map((text) => ({ value: text, bytes: new TextEncoder().encode(text) })),
  bodyBytes,
);

// Hostile values are generated as plain recipes and built inside the
// property: fast-check itself inspects generated values (clone checks,
// printing counterexamples), and a throwing Proxy would explode in its hands.

const LIES = ['throw', 'under', 'over', 'huge', 'negative', 'nan', 'own-throw', 'proxy', 'proxy-throw', 'shared', 'dataview', 'resizable', 'detached', 'prototype'];

/** A recipe for a Uint8Array over `bytes` that lies about itself: { bytes, how }. */
export const lyingBytes = fc.record({ bytes: fc.uint8Array({ maxLength: 512 }), how: fc.constantFrom(...LIES) });

/** The real bytes a lying-bytes recipe holds (a detached buffer holds none). */
export const realBytes = ({ bytes, how }) => (how === 'detached' ? new Uint8Array(0) : bytes);

/** Builds the value a lying-bytes recipe describes. */
export function lie({ bytes, how }) {
  const lengths = { under: () => 1, over: () => bytes.length + 100_000, huge: () => 2 ** 40, negative: () => -5, nan: () => Number.NaN };
  if (how in lengths) {
    const length = lengths[how];
    return new (class extends Uint8Array { get length() { return length(); } })(bytes);
  }
  switch (how) {
    case 'throw': return new (class extends Uint8Array { get length() { throw new HostileError('length'); } })(bytes);
    case 'own-throw': return Object.defineProperty(new Uint8Array(bytes), 'length', { get() { throw new HostileError('own length'); } });
    case 'proxy': return new Proxy(new Uint8Array(bytes), {});
    case 'proxy-throw': return new Proxy(new Uint8Array(bytes), throwingHandler('trap'));
    case 'shared': {
      const view = new Uint8Array(new SharedArrayBuffer(bytes.length));
      view.set(bytes);
      return view;
    }
    case 'dataview': return new DataView(new Uint8Array(bytes).buffer);
    case 'resizable': {
      const buffer = new ArrayBuffer(bytes.length + 8, { maxByteLength: bytes.length + 16 });
      const view = new Uint8Array(buffer);
      view.set(bytes);
      buffer.resize(bytes.length);
      return view;
    }
    case 'detached': {
      const view = new Uint8Array(bytes);
      structuredClone(view.buffer, { transfer: [view.buffer] });
      return view;
    }
    case 'prototype': return Object.setPrototypeOf(new Uint8Array(bytes), null);
    default: throw new Error(how);
  }
}

const CONSTANTS = [Number.NaN, Infinity, -Infinity, -1, 1e300, 2 ** 53 + 2, -0, 1n, Symbol('s'), () => {}, new Date(0), null, undefined, '', [], {}, new Map(), /re/];
const anything = fc.anything({ withBigInt: true, withBoxedValues: true, withMap: true, withSet: true, withNullPrototype: true, withTypedArray: true, withSparseArray: true, withDate: true, stringUnit: utf16Unit });

/** A recipe for a value that runs hostile code when read (see build()). */
export const hostile = fc.oneof(
  { weight: 3, arbitrary: anything.map((value) => ({ kind: 'plain', value })) },
  { weight: 2, arbitrary: fc.uniqueArray(fc.constantFrom('now', 'toleranceSeconds', 'timestamp', 'length', '0', 'url', 'apiKey', 'headers', 'then', 'toJSON'), { minLength: 1 }).map((keys) => ({ kind: 'throwing-getters', keys })) },
  { weight: 1, arbitrary: anything.map((target) => ({ kind: 'throwing-proxy', target })) },
  { weight: 1, arbitrary: anything.map((target) => ({ kind: 'revoked-proxy', target })) },
  { weight: 1, arbitrary: fc.constantFrom('toString', 'valueOf', 'toPrimitive').map((key) => ({ kind: 'throwing-conversion', key })) },
  { weight: 1, arbitrary: lyingBytes.map((recipe) => ({ kind: 'lying-bytes', ...recipe })) },
  { weight: 1, arbitrary: fc.nat(CONSTANTS.length - 1).map((index) => ({ kind: 'constant', index })) },
);

/** Builds the value a hostile recipe describes. */
export function build(recipe) {
  switch (recipe.kind) {
    case 'plain': return recipe.value;
    case 'throwing-getters': {
      const value = {};
      for (const key of recipe.keys) Object.defineProperty(value, key, { get() { throw new HostileError(`getter ${key}`); }, enumerable: true });
      return value;
    }
    case 'throwing-proxy': return new Proxy(Object(recipe.target), throwingHandler('trap'));
    case 'revoked-proxy': {
      const { proxy, revoke } = Proxy.revocable(Object(recipe.target), {});
      revoke();
      return proxy;
    }
    case 'throwing-conversion': {
      const key = recipe.key === 'toPrimitive' ? Symbol.toPrimitive : recipe.key;
      return { [key]: () => { throw new HostileError(String(recipe.key)); } };
    }
    case 'lying-bytes': return lie(recipe);
    case 'constant': return CONSTANTS[recipe.index];
    default: throw new Error(recipe.kind);
  }
}
