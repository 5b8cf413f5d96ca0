// Kinds 23-50: proxies, getters, conversions and objects of every odd shape.
// In an object or array slot each wraps the slot's documented value (and
// stands for it, or for its own plain self); elsewhere it is a value of the
// wrong type.
import { BODY_STRING, HostileError, SECRET } from './common.mjs';
import { anyAnswer, baseBytes, boom, copyBase, either, refuse, same, throwingHandler } from './cases.mjs';

const plainTarget = (slot) => (slot.type === 'array' ? copyBase(slot) : slot.type === 'object' ? copyBase(slot) : [SECRET]);

/** Defines getters on `target` for each key of `source`, each calling `getter(key, value)`. */
function accessors(target, source, getter) {
  for (const [key, value] of Object.entries(source)) {
    Object.defineProperty(target, key, { get: () => getter(key, value), enumerable: true, configurable: true });
  }
  return target;
}

/** A conversion hook (toString, valueOf, Symbol.toPrimitive) that throws, on a value or a wrapper of the slot's value. */
function throwingConversion(id, title, key) {
  return {
    id,
    title,
    make(slot) {
      const hook = { [key]: boom(String(key)) };
      if (slot.type === 'object') return either(Object.assign(copyBase(slot), hook), slot.base);
      if (slot.type === 'array') return either(Object.assign(copyBase(slot), hook), slot.base);
      if (slot.type === 'bytes') return either(Object.assign(baseBytes(slot), hook), baseBytes(slot));
      return refuse(hook);
    },
  };
}

let deep;
/** 10,000 nested arrays: JSON.stringify and naive recursion overflow the stack on it. */
function deeplyNested() {
  if (!deep) {
    deep = [];
    for (let i = 0; i < 10_000; i++) deep = [deep];
  }
  return deep;
}

const PRIMITIVE_THROWS = ['a thrown string', Symbol('thrown symbol'), undefined, 42];

export const objectKinds = [
  {
    id: 'array-proxy-get-throws',
    title: 'a Proxy of an array whose get trap throws',
    make: (slot) => refuse(new Proxy(plainTarget(slot), { get: boom('get trap') })),
  },
  {
    id: 'array-index-getter-throws',
    title: 'an array with a throwing index getter',
    make(slot) {
      const value = slot.type === 'array' ? copyBase(slot) : [SECRET];
      Object.defineProperty(value, 0, { get: boom('index getter'), enumerable: true });
      return slot.type === 'object' ? either(value, []) : refuse(value);
    },
  },
  {
    id: 'revoked-proxy',
    title: 'a revoked Proxy',
    make(slot) {
      const target = slot.type === 'bytes' ? baseBytes(slot) : slot.type === 'function' ? () => {} : plainTarget(slot);
      const { proxy, revoke } = Proxy.revocable(target, {});
      revoke();
      return refuse(proxy);
    },
  },
  {
    id: 'proxy-meta-traps-throw',
    title: 'a Proxy whose get works but whose has/ownKeys/getPrototypeOf/descriptor traps throw',
    make(slot) {
      const handler = { ...throwingHandler('meta trap') };
      delete handler.get;
      delete handler.apply;
      if (slot.type === 'bytes') return either(new Proxy(baseBytes(slot), handler), baseBytes(slot));
      if (slot.type === 'object' || slot.type === 'array') return either(new Proxy(copyBase(slot), handler), slot.base);
      if (slot.type === 'function') return either(new Proxy(slot.base, handler), slot.base);
      return refuse(new Proxy({}, handler));
    },
  },
  {
    id: 'array-proxy-huge-length',
    title: 'a Proxy of an array that reports length 2^32 - 1',
    make(slot) {
      // Elsewhere: numbers, so that no slot (`secret` takes arrays of strings) may accept it.
      const items = slot.type === 'array' ? copyBase(slot) : [1];
      const value = new Proxy(items, { get: (t, k) => (k === 'length' ? 2 ** 32 - 1 : Reflect.get(t, k)) });
      return slot.type === 'array' ? either(value, slot.base) : refuse(value);
    },
  },
  {
    id: 'sparse-huge-array',
    title: 'a sparse array of length 2^32 - 1 holding the right items first',
    make(slot) {
      const value = slot.type === 'array' ? copyBase(slot) : [1];
      value.length = 2 ** 32 - 1;
      return slot.type === 'array' ? either(value, slot.base) : refuse(value);
    },
  },
  {
    id: 'huge-dense-array',
    title: 'a dense array of 5,000 wrong items before the right ones (secrets: 5,000 wrong secrets)',
    iterations: { verify: 25, client: 25 },
    make(slot) {
      if (slot.type !== 'array') return refuse(new Array(5_000).fill(1));
      const value = new Array(5_000).fill(slot.base[0]).concat(slot.base);
      return either(value, value);
    },
  },
  {
    id: 'mutating-getters',
    title: 'getters that mutate the array or object being read (bytes: a length getter that detaches its own buffer)',
    fresh: true,
    make(slot) {
      if (slot.type === 'bytes') {
        class Detaching extends Uint8Array {
          get length() {
            structuredClone(this.buffer, { transfer: [this.buffer] });
            return 0;
          }
        }
        return either(new Detaching(baseBytes(slot)), baseBytes(slot));
      }
      if (slot.type === 'array') {
        const value = copyBase(slot);
        const first = value[0];
        Object.defineProperty(value, 0, {
          get() {
            value.push(...new Array(100).fill(first));
            value[1] = 'changed while read';
            return first;
          },
          enumerable: true,
          configurable: true,
        });
        return anyAnswer(value);
      }
      if (slot.type === 'object') {
        const value = {};
        accessors(value, slot.base, (key, item) => {
          for (const other of Object.keys(value)) if (other !== key) delete value[other];
          value.added = 'added while read';
          return item;
        });
        return anyAnswer(value);
      }
      return refuse({ get length() { return 1; } });
    },
  },
  {
    id: 'frozen',
    title: 'frozen objects and arrays (a non-extensible Uint8Array)',
    make(slot) {
      if (slot.type === 'object' || slot.type === 'array') return same(Object.freeze(copyBase(slot)), slot.base);
      if (slot.type === 'bytes') return same(Object.preventExtensions(baseBytes(slot)), baseBytes(slot));
      return refuse(Object.freeze({}));
    },
  },
  {
    id: 'null-prototype',
    title: 'null-prototype objects (and arrays and a Uint8Array whose prototype is null)',
    make(slot) {
      if (slot.type === 'object') return same(Object.assign(Object.create(null), slot.base), slot.base);
      if (slot.type === 'array') return either(Object.setPrototypeOf(copyBase(slot), null), slot.base);
      if (slot.type === 'bytes') return either(Object.setPrototypeOf(baseBytes(slot), null), baseBytes(slot));
      return refuse(Object.create(null));
    },
  },
  {
    id: 'accessor-objects',
    title: 'objects and arrays whose properties are getters returning the right values',
    make(slot) {
      if (slot.type === 'object') return same(accessors({}, slot.base, (_, value) => value), slot.base);
      if (slot.type === 'array') return same(accessors([], slot.base, (_, value) => value), slot.base);
      return refuse(accessors({}, { length: 1, 0: 1 }, (_, value) => value));
    },
  },
  {
    id: 'throwing-option-getters',
    title: 'a class instance whose getter for every option and parameter name throws',
    make() {
      class Hostile {}
      const names = ['now', 'toleranceSeconds', 'timestamp', 'apiKey', 'baseUrl', 'fetchImpl', 'timeoutMs', 'maxRetries',
        'signal', 'headers', 'dangerouslyAllowBrowser', 'url', 'description', 'enabled_events', 'status', 'endpoint_id',
        'call_id', 'limit', 'length', 'buffer', 'byteLength', 'byteOffset', 'then', 'toJSON', 'X-Extra'];
      for (const name of names) Object.defineProperty(Hostile.prototype, name, { get: boom(`getter ${name}`) });
      return refuse(new Hostile());
    },
  },
  {
    id: 'getters-throw-primitives',
    title: 'getters that throw primitives (a string, a Symbol, undefined, a number)',
    make(slot) {
      const thrower = (i) => () => { throw PRIMITIVE_THROWS[i % PRIMITIVE_THROWS.length]; };
      if (slot.type === 'bytes') {
        class Primitive extends Uint8Array { get length() { throw 'a thrown string'; } } // eslint-disable-line no-throw-literal
        return either(new Primitive(baseBytes(slot)), baseBytes(slot));
      }
      const source = slot.type === 'object' || slot.type === 'array' ? slot.base : { now: 1, length: 1 };
      const value = slot.type === 'array' ? [] : {};
      Object.keys(source).forEach((key, i) => Object.defineProperty(value, key, { get: thrower(i), enumerable: true }));
      return refuse(value);
    },
  },
  {
    id: 're-entrant-getters',
    title: 'getters that call the package itself (verifySignature, signPayload, constructEvent) before answering',
    make(slot, env) {
      if (slot.type === 'object') return same(accessors({}, slot.base, (_, value) => (env.reenter(), value)), slot.base);
      if (slot.type === 'array') return either(accessors([], slot.base, (_, value) => (env.reenter(), value)), slot.base);
      if (slot.type === 'bytes') {
        class Reentrant extends Uint8Array {
          get length() { env.reenter(); return super.length; }
          get byteLength() { env.reenter(); return super.byteLength; }
        }
        return either(new Reentrant(baseBytes(slot)), baseBytes(slot));
      }
      return refuse({ toString: () => (env.reenter(), 'x'), valueOf: () => (env.reenter(), 1) });
    },
  },
  throwingConversion('throwing-tostring', 'objects whose toString throws', 'toString'),
  throwingConversion('throwing-valueof', 'objects whose valueOf throws', 'valueOf'),
  throwingConversion('throwing-toprimitive', 'objects whose Symbol.toPrimitive throws', Symbol.toPrimitive),
  {
    id: 'symbols',
    title: 'Symbols',
    make: () => refuse(Symbol('hostile')),
  },
  {
    id: 'functions',
    title: 'functions (carrying the right properties, in object slots)',
    make(slot) {
      if (slot.type === 'object') return either(Object.assign(function hostile() {}, slot.base), slot.base);
      if (slot.type === 'function') {
        const forward = slot.base;
        return same(function forwarding(...args) { return forward(...args); }, slot.base);
      }
      return refuse(function hostile() { throw new HostileError('called'); });
    },
  },
  {
    id: 'bigints',
    title: 'BigInts',
    make: () => refuse(1_713_268_860n),
  },
  {
    id: 'dates',
    title: 'Date objects (in number slots: the right instant as a Date)',
    make(slot) {
      if (slot.type === 'object') return either(Object.assign(new Date(0), slot.base), slot.base);
      if (slot.type === 'number') return same(new Date(slot.base * 1000), new Date(slot.base * 1000));
      return refuse(new Date(0));
    },
  },
  {
    id: 'cyclic',
    title: 'cyclic objects and arrays (containing themselves)',
    make(slot) {
      if (slot.type === 'object') {
        const value = copyBase(slot);
        value.self = value;
        return either(value, slot.family === 'verify' ? slot.base : value);
      }
      if (slot.type === 'array') {
        const value = copyBase(slot);
        value.push(value);
        return either(value, value);
      }
      const value = {};
      value.self = value;
      return refuse(value);
    },
  },
  {
    id: 'deep-nesting',
    title: 'arrays nested 10,000 deep',
    // Before issue 15's fixes the client took about 50 ms to refuse each such value.
    iterations: { client: 20 },
    make(slot) {
      const nested = deeplyNested();
      if (slot.type === 'object') {
        const value = { ...slot.base, nested };
        return either(value, slot.family === 'verify' ? slot.base : value);
      }
      if (slot.type === 'array') {
        const value = [...slot.base, nested];
        return either(value, value);
      }
      return refuse(nested);
    },
  },
  {
    id: 'many-keys',
    title: 'objects and arrays with 100 extra keys',
    make(slot) {
      const extra = Object.fromEntries(Array.from({ length: 100 }, (_, i) => [`extra_${i}`, i]));
      if (slot.type === 'object') {
        const value = { ...slot.base, ...extra };
        return either(value, slot.family === 'verify' ? slot.base : value);
      }
      if (slot.type === 'array') {
        const value = Object.assign(copyBase(slot), extra);
        return either(value, slot.family === 'verify' ? slot.base : value);
      }
      return refuse(extra);
    },
  },
  {
    id: 'thenables',
    title: 'thenables (an object whose then getter throws; a Promise of the right value)',
    make(slot) {
      if (slot.type === 'object') {
        const value = copyBase(slot);
        Object.defineProperty(value, 'then', { get: boom('then getter') });
        return either(value, slot.base);
      }
      const promise = Promise.resolve(slot.base);
      promise.catch(() => {});
      return refuse(promise);
    },
  },
  {
    id: 'other-builtins',
    title: 'built-in objects of other types (Map, Set, RegExp, Error, WeakRef)',
    make(slot) {
      if (slot.type === 'object') {
        const map = new Map(Object.entries(slot.base));
        return either(map, slot.family === 'verify' ? {} : map);
      }
      if (slot.type === 'array') return refuse(new Set(slot.base));
      if (slot.type === 'bytes') return refuse(new WeakRef(baseBytes(slot)));
      if (slot.type === 'number') return refuse(new Error('not a number'));
      return refuse(/whsec_regexp/);
    },
  },
  {
    id: 'package-objects',
    title: "the package's own objects (a CallingBox client, the Webhooks class) passed as arguments",
    make(slot, env) {
      const own = env.ownObject();
      if (slot.type === 'object') return either(own, slot.family === 'verify' ? {} : own);
      return refuse(own);
    },
  },
  {
    id: 'boxed-primitives',
    title: 'boxed primitives (new String, new Number, new Boolean of the right value)',
    make(slot) {
      if (slot.type === 'string' || slot.type === 'sigHeader' || slot.type === 'headerValue') return either(new String(slot.base), slot.base);
      if (slot.type === 'number') return either(new Number(slot.base), slot.base);
      if (slot.type === 'boolean') return either(new Boolean(slot.base), slot.base);
      if (slot.type === 'bytes') return either(new String(BODY_STRING), BODY_STRING);
      return refuse(new Number(1));
    },
  },
  {
    id: 'request-impostors',
    title: 'Request impostors (a Proxy of a Request; a Request subclass whose headers and arrayBuffer throw)',
    make(slot, env) {
      if (slot.type === 'request') {
        const real = env.request();
        if (env.counter++ % 2 === 0) return either(new Proxy(real, {}), real);
        class Impostor extends Request {
          get headers() { throw new HostileError('headers getter'); }
          arrayBuffer() { throw new HostileError('arrayBuffer'); }
        }
        return either(new Impostor(real), real);
      }
      return refuse(new Proxy(env.request(), {}));
    },
  },
  {
    id: 'freed-receiver',
    title: 'client methods called on a freed object or an object that is not theirs',
    receiver: true,
    make: (slot) => same(slot.base, slot.base),
  },
];

