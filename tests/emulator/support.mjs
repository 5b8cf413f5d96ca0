// Helpers for the emulator's own tests (not a test file: node --test only
// picks up *.test.mjs here). Everything talks plain HTTP, independent of any SDK.
import { createHmac, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import { randomUUID } from 'node:crypto';
import { spawnEmulator } from './spawn.mjs';

export const KEY = 'sk_test_emulator_key';
export const EVENT_TYPES = [
  'call.queued', 'call.ringing', 'call.answered', 'call.completed',
  'call.failed', 'call.no_answer', 'call.busy', 'call.canceled',
];
export const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
export const RFC3339_Z = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;
export const SECRET = /^whsec_[0-9a-f]{32}$/;
export const REQUEST_ID = /^req_[0-9a-f]+$/;

/** Spawns the real CLI on a free port; adds `api()` and `control()` request helpers. */
export async function startEmulator(args = []) {
  const emu = await spawnEmulator(['--port', '0', ...args]);
  emu.api = (method, path, options = {}) =>
    call(`${emu.url}${path}`, { method, key: KEY, ...options });
  emu.control = (method, path, body) => call(`${emu.url}${path}`, { method, body, key: null });
  return emu;
}

/**
 * One HTTP request. `body` is JSON-encoded, `raw` is sent as is; `key: null`
 * sends no Authorization header. Resolves {status, headers, text, json}.
 */
export async function call(url, { method = 'GET', body, raw, key = KEY, headers = {}, signal } = {}) {
  const allHeaders = { ...headers };
  if (key) allHeaders.authorization = `Bearer ${key}`;
  let payload = raw;
  if (body !== undefined) {
    payload = JSON.stringify(body);
    allHeaders['content-type'] = 'application/json';
  }
  const res = await fetch(url, { method, headers: allHeaders, body: payload, signal });
  const text = await res.text();
  let json;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, text, json };
}

/** Polls `probe` (sync or async) until it returns a truthy value; fails at the deadline. */
export async function waitFor(probe, { timeoutMs = 20_000, intervalMs = 10, what = 'condition' } = {}) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A webhook receiver on 127.0.0.1. `receiver.route(behavior)` gives a fresh
 * path whose requests are recorded; `behavior(request, index)` may return
 * {status, body, delayMs} (default 200 "ok") and may be async.
 */
export async function startReceiver() {
  const routes = new Map();
  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (chunk) => chunks.push(chunk));
    req.on('end', async () => {
      const route = routes.get(req.url);
      const record = {
        at: performance.now(),
        method: req.method,
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      if (!route) {
        res.writeHead(404).end('no such receiver route');
        return;
      }
      route.requests.push(record);
      try {
        const answer = (await route.behavior(record, route.requests.length - 1)) ?? {};
        if (answer.delayMs) await sleep(answer.delayMs);
        if (!res.destroyed) res.writeHead(answer.status ?? 200).end(answer.body ?? 'ok');
      } catch (error) {
        res.writeHead(599).end(`receiver behavior failed: ${error.message}`);
      }
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${server.address().port}`;
  return {
    route(behavior = () => ({ status: 200 })) {
      const path = `/hook/${randomUUID()}`;
      const route = { behavior, requests: [] };
      routes.set(path, route);
      return { url: `${base}${path}`, requests: route.requests };
    },
    close() {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(resolve));
    },
  };
}

export const always = (status) => () => ({ status });
/** Answers the given statuses in turn, then the last one forever. */
export const sequence = (statuses) => (_req, i) => ({ status: statuses[Math.min(i, statuses.length - 1)] });

/**
 * An independent implementation of the documented CallingBox signature check:
 * HMAC-SHA256 keyed with the whole secret string, over `<t>.<raw body>`,
 * any of several v1 values, tolerance in both directions.
 */
export function verifySignature(header, body, secret, { toleranceSeconds = 300, now = Date.now() / 1000 } = {}) {
  const pairs = header.split(',').map((part) => part.split('='));
  if (pairs.some((pair) => pair.length !== 2)) return { ok: false, reason: 'malformed' };
  const t = pairs.find(([k]) => k === 't')?.[1];
  const v1s = pairs.filter(([k]) => k === 'v1').map(([, v]) => v);
  if (!t || !/^\d+$/.test(t) || v1s.length === 0) return { ok: false, reason: 'missing t or v1' };
  if (Math.abs(now - Number(t)) > toleranceSeconds) return { ok: false, reason: 'stale timestamp' };
  const expected = createHmac('sha256', Buffer.from(secret, 'utf8')).update(`${t}.${body}`).digest();
  const match = v1s.some((v) => {
    const given = Buffer.from(v, 'hex');
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
  return match ? { ok: true, t: Number(t) } : { ok: false, reason: 'no matching signature' };
}

/** Creates an endpoint and returns its JSON (with signing_secret). */
export async function createEndpoint(emu, url, extra = {}) {
  const res = await emu.api('POST', '/v1/webhook_endpoints', { body: { url, ...extra } });
  if (res.status !== 201) throw new Error(`create failed: ${res.status} ${res.text}`);
  return res.json;
}

export async function emit(emu, type, callFields) {
  const res = await emu.control('POST', '/_emulator/events', callFields ? { type, call: callFields } : { type });
  if (res.status !== 202) throw new Error(`emit failed: ${res.status} ${res.text}`);
  return res.json.deliveries;
}

export async function getDelivery(emu, id) {
  return (await emu.api('GET', `/v1/webhook_deliveries/${id}`)).json;
}

export async function getEndpoint(emu, id) {
  return (await emu.api('GET', `/v1/webhook_endpoints/${id}`)).json;
}

/** Waits until the delivery's status is `status`; returns the delivery. */
export function waitForDeliveryStatus(emu, id, status, timeoutMs = 20_000) {
  return waitFor(async () => {
    const delivery = await getDelivery(emu, id);
    return delivery.status === status && delivery;
  }, { timeoutMs, intervalMs: 20, what: `delivery ${id} to be ${status}` });
}

/**
 * Skips the test `t` (and returns true) if an attempt of one of the deliveries
 * hit the emulator's per-attempt timeout (1 s at high time scales). That only
 * happens on a machine too loaded to answer a local request within a second,
 * and it breaks exact request counts and callbacks into the emulator.
 */
export async function skippedAsTooSlow(t, emu, ...ids) {
  for (const id of ids) {
    const { attempts } = (await emu.control('GET', `/_emulator/deliveries/${id}`)).json;
    if (attempts.some((a) => a.error?.startsWith('timed out'))) {
      t.skip(`machine too slow: an attempt of delivery ${id} hit the per-attempt timeout`);
      return true;
    }
  }
  return false;
}
