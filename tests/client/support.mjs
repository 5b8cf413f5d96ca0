// Portable helpers for the client scenarios: no Node built-ins, so the same
// code runs in Node, in a browser page and in a Worker. Plain fetch talks to
// the emulator's control routes; assertions are our own.

/** The key the emulator accepts by default. */
export const KEY = 'sk_test_emulator_key';

export class AssertionError extends Error {}
AssertionError.prototype.name = 'AssertionError';

const show = (v) => {
  try {
    return typeof v === 'string' ? JSON.stringify(v) : JSON.stringify(v) ?? String(v);
  } catch {
    return String(v);
  }
};

export const assert = {
  ok(value, message = 'expected a truthy value') {
    if (!value) throw new AssertionError(message);
  },
  equal(actual, expected, message) {
    if (!Object.is(actual, expected)) {
      throw new AssertionError(`${message ? `${message}: ` : ''}expected ${show(expected)}, got ${show(actual)}`);
    }
  },
  deepEqual(actual, expected, message) {
    const a = canonical(actual);
    const e = canonical(expected);
    if (a !== e) throw new AssertionError(`${message ? `${message}: ` : ''}expected ${e}, got ${a}`);
  },
  match(text, pattern, message) {
    if (typeof text !== 'string' || !pattern.test(text)) {
      throw new AssertionError(`${message ? `${message}: ` : ''}${show(text)} does not match ${pattern}`);
    }
  },
  notIncludes(text, needle, message) {
    if (String(text).includes(needle)) throw new AssertionError(`${message}: found a secret in ${show(text)}`);
  },
  between(value, low, high, message) {
    if (!(value >= low && value <= high)) {
      throw new AssertionError(`${message ? `${message}: ` : ''}expected ${low}..${high}, got ${value}`);
    }
  },
};

function canonical(value) {
  return JSON.stringify(value, (_key, v) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, v[k]]))
      : v,
  );
}

/** A seeded PRNG (mulberry32): the same seed gives the same workload. */
export function rng(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (low, high) => low + Math.floor(next() * (high - low + 1)),
    pick: (items) => items[Math.floor(next() * items.length)],
    chance: (p) => next() < p,
  };
}

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** The emulator's control routes (no auth) and raw API access. */
export function emulatorControl(baseUrl) {
  async function call(method, path, body, headers = {}) {
    const init = { method, headers: { ...headers } };
    if (body !== undefined) {
      init.body = JSON.stringify(body);
      init.headers['content-type'] = 'application/json';
    }
    const res = await fetch(`${baseUrl}${path}`, init);
    const text = await res.text();
    const json = text ? JSON.parse(text) : undefined;
    if (!res.ok) throw new Error(`${method} ${path} -> ${res.status} ${text}`);
    return json;
  }
  return {
    reset: () => call('POST', '/_emulator/reset'),
    /** Queues single-use faults for requests matching method and path (`*` = one segment). */
    fault: (method, path, ...faults) => call('POST', '/_emulator/faults', { method, path, faults }),
    clearFaults: () => call('DELETE', '/_emulator/faults'),
    /** The API request log, oldest first (Authorization redacted by the emulator). */
    requests: async ({ method, path } = {}) => {
      const query = new URLSearchParams();
      if (method) query.set('method', method);
      if (path) query.set('path', path);
      return (await call('GET', `/_emulator/requests?${query}`)).data;
    },
    clearRequests: () => call('DELETE', '/_emulator/requests'),
    emit: (type, callFields) => call('POST', '/_emulator/events', { type, ...(callFields ? { call: callFields } : {}) }),
    /** The endpoints as the server holds them, read without the client under test. */
    endpoints: async () => (await call('GET', '/v1/webhook_endpoints', undefined, { authorization: `Bearer ${KEY}` })).data,
  };
}

/**
 * A minimal test runner with the `test(name, fn)` shape, for runtimes without
 * node:test (a browser page, a Worker). `run()` runs the tests in order and
 * resolves `{ passed, failed, results: [{ name, ok, error, ms }] }`.
 */
export function createRunner() {
  const tests = [];
  return {
    test: (name, fn) => tests.push({ name, fn }),
    async run({ onResult } = {}) {
      const results = [];
      for (const { name, fn } of tests) {
        const started = Date.now();
        let error = null;
        try {
          await fn();
        } catch (e) {
          error = `${e?.name ?? 'Error'}: ${e?.message ?? e}`;
        }
        const result = { name, ok: error === null, error, ms: Date.now() - started };
        results.push(result);
        onResult?.(result);
      }
      const passed = results.filter((r) => r.ok).length;
      return { passed, failed: results.length - passed, results };
    },
  };
}
