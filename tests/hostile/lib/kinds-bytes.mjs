// Kinds 1-22: byte containers that lie, move or disappear. In a bytes slot
// each stands for the bytes its intrinsic TypedArray/ArrayBuffer state holds
// (or is refused with a TypeError); elsewhere it is a value of the wrong type.
import vm from 'node:vm';
import { HostileError, copyBytes } from './common.mjs';
import { baseBytes, either, refuse, same, throwingHandler } from './cases.mjs';

/** A Uint8Array subclass whose own `length` getter returns `length()` (or throws). */
function lengthLiar(id, title, length) {
  class LyingLength extends Uint8Array {
    get length() { return length(); }
  }
  return {
    id,
    title,
    make(slot) {
      const value = new LyingLength(baseBytes(slot));
      return slot.type === 'bytes' ? either(value, baseBytes(slot)) : refuse(value);
    },
  };
}

/** Bytes in a fresh resizable buffer: { buffer, view } with `extra` spare bytes after the body. */
function resizable(bytes, extra) {
  const buffer = new ArrayBuffer(bytes.length + extra, { maxByteLength: bytes.length + extra + 64 });
  const view = new Uint8Array(buffer);
  view.set(bytes);
  view.fill(0x5a, bytes.length);
  return { buffer, view };
}

function detach(buffer) {
  structuredClone(buffer, { transfer: [buffer] });
}

const bytesKind = (id, title, build) => ({
  id,
  title,
  make(slot) {
    const bytes = baseBytes(slot);
    const { value, means, strict } = build(bytes);
    if (slot.type !== 'bytes') return refuse(value);
    return strict ? same(value, means) : either(value, means);
  },
});

export const byteKinds = [
  lengthLiar('u8-length-throws', 'a Uint8Array subclass whose length getter throws', () => { throw new HostileError('length getter'); }),
  lengthLiar('u8-length-under', 'a Uint8Array subclass whose length under-reports (10)', () => 10),
  lengthLiar('u8-length-over', 'a Uint8Array subclass whose length over-reports (100,000)', () => 100_000),
  lengthLiar('u8-length-huge', 'a Uint8Array subclass whose length is huge (2^32 + 7)', () => 2 ** 32 + 7),
  lengthLiar('u8-length-negative', 'a Uint8Array subclass whose length is negative (-1)', () => -1),
  bytesKind('u8-own-length', 'a Uint8Array instance with its own throwing length property', (bytes) => {
    const value = copyBytes(bytes);
    Object.defineProperty(value, 'length', { get() { throw new HostileError('own length'); } });
    return { value, means: bytes };
  }),
  bytesKind('u8-lying-view-getters', 'a Uint8Array subclass whose buffer, byteOffset and byteLength getters lie', (bytes) => {
    class LyingView extends Uint8Array {
      get buffer() { return new ArrayBuffer(8); }
      get byteOffset() { return 12_345; }
      get byteLength() { return 2 ** 30; }
    }
    return { value: new LyingView(bytes), means: bytes };
  }),
  bytesKind('u8-proxy', 'a transparent Proxy of a Uint8Array', (bytes) => ({ value: new Proxy(copyBytes(bytes), {}), means: bytes })),
  bytesKind('u8-proxy-throwing', 'a Proxy of a Uint8Array whose every trap throws', (bytes) => ({
    value: new Proxy(copyBytes(bytes), throwingHandler('proxy trap')),
    means: bytes,
  })),
  bytesKind('detached-view', 'a Uint8Array over a detached ArrayBuffer (structuredClone transfer)', () => {
    const value = new Uint8Array(64);
    detach(value.buffer);
    return { value, means: new Uint8Array(0) };
  }),
  bytesKind('detached-buffer', 'a detached ArrayBuffer', () => {
    const value = new ArrayBuffer(64);
    detach(value);
    return { value, means: new Uint8Array(0) };
  }),
  bytesKind('resizable-shrunk-tracking', 'a length-tracking view of a resizable ArrayBuffer shrunk after the view was made', (bytes) => {
    const { buffer, view } = resizable(bytes, 16);
    buffer.resize(bytes.length);
    return { value: view, means: bytes };
  }),
  bytesKind('resizable-out-of-bounds', 'a fixed-length view left out of bounds by shrinking its resizable ArrayBuffer', (bytes) => {
    const { buffer } = resizable(bytes, 0);
    const value = new Uint8Array(buffer, 0, bytes.length);
    buffer.resize(Math.max(0, bytes.length - 10));
    return { value, means: new Uint8Array(0) };
  }),
  bytesKind('resizable-grown', 'a length-tracking view of a resizable ArrayBuffer grown and filled after the view was made', (bytes) => {
    const buffer = new ArrayBuffer(4, { maxByteLength: bytes.length + 64 });
    const value = new Uint8Array(buffer);
    buffer.resize(bytes.length);
    value.set(bytes);
    return { value, means: bytes };
  }),
  bytesKind('resizable-buffer', 'a resizable ArrayBuffer itself, shrunk to the body', (bytes) => {
    const { buffer } = resizable(bytes, 32);
    buffer.resize(bytes.length);
    return { value: buffer, means: bytes };
  }),
  bytesKind('shared-view', 'a Uint8Array over a SharedArrayBuffer', (bytes) => {
    const value = new Uint8Array(new SharedArrayBuffer(bytes.length));
    value.set(bytes);
    return { value, means: bytes };
  }),
  bytesKind('shared-buffer', 'a SharedArrayBuffer itself', (bytes) => {
    const value = new SharedArrayBuffer(bytes.length);
    new Uint8Array(value).set(bytes);
    return { value, means: bytes };
  }),
  bytesKind('dataview', 'a DataView over the body', (bytes) => ({ value: new DataView(copyBytes(bytes).buffer), means: bytes })),
  bytesKind('other-typed-arrays', 'a Float64Array over the body bytes', (bytes) => ({
    value: new Float64Array(copyBytes(bytes).buffer),
    means: bytes,
  })),
  bytesKind('offset-view', 'a Uint8Array view at an offset into a larger buffer full of other bytes', (bytes) => {
    const big = new Uint8Array(bytes.length + 4096).fill(0x41);
    big.set(bytes, 1000);
    return { value: big.subarray(1000, 1000 + bytes.length), means: bytes, strict: true };
  }),
  bytesKind('u8-foreign-prototype', 'a Uint8Array whose prototype was replaced by Object.prototype', (bytes) => {
    const value = copyBytes(bytes);
    Object.setPrototypeOf(value, Object.prototype);
    return { value, means: bytes };
  }),
  {
    id: 'other-realm',
    title: 'values from another realm (node:vm): a Uint8Array, an array, an object',
    make(slot) {
      const context = vm.createContext({});
      if (slot.type === 'bytes') {
        const bytes = baseBytes(slot);
        const value = vm.runInContext(`new Uint8Array(${bytes.length})`, context);
        value.set(bytes);
        return either(value, bytes);
      }
      if (slot.type === 'array' || slot.type === 'object') {
        // The container is foreign; its items are this realm's (functions and signals cannot cross as JSON).
        const value = vm.runInContext(slot.type === 'array' ? '[]' : '({})', context);
        Object.assign(value, slot.base);
        return either(value, slot.base);
      }
      return refuse(vm.runInContext('({ length: 3, 0: 1, 1: 2, 2: 3 })', context));
    },
  },
];
