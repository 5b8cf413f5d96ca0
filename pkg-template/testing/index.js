// `callingbox-webhooks/testing`: the local CallingBox for unit tests (Vitest,
// Jest, node:test). Node only. It runs the same emulator as the CLI, in the
// test's own process, builds signed requests with the package's own wasm,
// and has a realistic event of every type. Nothing here is part of the main
// or the verify entry.
import { OUTCOMES, eventAt, lifecycleEvents } from '../emulator/calls.js';
import { startEmulator as startEmulatorServer } from '../emulator/index.js';
import { API_VERSION, DEFAULT_API_KEY, EVENT_TYPES as ALL_EVENT_TYPES, newId } from '../emulator/util.js';
import { deliveryHeaders, envelopeBody } from '../emulator/wire.js';
// Relative, not `callingbox-webhooks/verify`: this is Node-only code, and a
// test runner's jsdom environment would otherwise resolve the browser loader.
import { signPayload } from '../verify-node.js';

/** @typedef {import('callingbox-webhooks').WebhookEvent} WebhookEvent */
/** @typedef {import('callingbox-webhooks').WebhookEventType} WebhookEventType */
/** @typedef {import('callingbox-webhooks').Call} Call */
/** @typedef {import('callingbox-webhooks').WebhookDelivery} WebhookDelivery */
/** @typedef {import('callingbox-webhooks').WebhookEndpointWithSecret} WebhookEndpointWithSecret */

/**
 * How a call ends, for `triggerCall`: `completed` plays call.queued,
 * call.ringing, call.answered and call.completed; the others end early.
 * @typedef {'completed' | 'failed' | 'no_answer' | 'busy' | 'canceled'} CallOutcome
 */

/**
 * An event of one type, with its full call object.
 * @template {WebhookEventType} T
 * @typedef {WebhookEvent & { type: T }} EventOf
 */

/**
 * What to change in a generated event: `call` fields replace the generated
 * call's (shallowly); `call.id` is the call id every event of a call shares.
 * @typedef {{ call?: Partial<Call> & Record<string, unknown> }} EventData
 */

/**
 * One attempt of a delivery, as the emulator recorded it.
 * @typedef {object} DeliveryAttempt
 * @property {number} attempt 1 to 8 (restarts after a manual redelivery)
 * @property {number} manual_retry how many manual redeliveries came before it
 * @property {string} started_at ISO time
 * @property {number} duration_ms
 * @property {number | null} response_status the receiver's status; null when it did not answer
 * @property {string | null} error why it failed without a status (timeout, connection refused)
 * @property {number | null} retry_delay_ms the wait chosen before the next attempt; null when none follows
 */

/**
 * A delivery the emulator made: the public delivery object plus the exact
 * body it POSTs, that body parsed, and every attempt.
 * @typedef {WebhookDelivery & { event: WebhookEvent, body: string, attempts: DeliveryAttempt[] }} TestDelivery
 */

/**
 * @typedef {object} StartEmulatorOptions
 * @property {number} [port] default 0: a free port
 * @property {string} [apiKey] the key it accepts (default `sk_test_emulator_key`); must start with `sk_`
 * @property {number} [timeScale] divide the retry delays by this (default 1, the real schedule;
 *   3600 makes the first retry come after about 17 ms). The 10 s attempt timeout is divided too, never below 1 s
 * @property {boolean} [allowHttpLocalhost] accept http://127.0.0.1 and http://localhost endpoint URLs (default true)
 * @property {(line: string) => void} [log] receives one line per request and delivery attempt (never a key or secret)
 */

/**
 * A running emulator. Point the package's client at it with
 * `new CallingBox({ apiKey: emulator.apiKey, baseUrl: emulator.baseUrl })`.
 * @typedef {object} TestEmulator
 * @property {string} baseUrl e.g. `http://127.0.0.1:53124`
 * @property {string} apiKey the API key it accepts
 * @property {number} port
 * @property {() => Promise<void>} close stops it: every timer, attempt in flight and connection
 * @property {(url: string, params?: { enabled_events?: (WebhookEventType | '*')[], description?: string | null }) => Promise<WebhookEndpointWithSecret>} createEndpoint
 *   registers a webhook endpoint (every event by default) and returns it with its `signing_secret`
 * @property {(type: WebhookEventType, data?: EventData) => Promise<TestDelivery[]>} trigger
 *   fires one event now: one delivery per subscribed endpoint, sent at once (returned still pending)
 * @property {(outcome: CallOutcome, data?: EventData) => Promise<TestDelivery[]>} triggerCall
 *   plays a whole call: each stage's event, in order, sharing one call id
 * @property {() => TestDelivery[]} deliveries every delivery so far, oldest first
 * @property {(predicate: (delivery: TestDelivery) => boolean, options?: { timeoutMs?: number }) => Promise<TestDelivery>} waitForDelivery
 *   resolves with the first delivery, existing or to come, for which `predicate` is true, checked after
 *   every change (creation, each attempt); rejects after `timeoutMs` (default 5000) listing the deliveries it saw
 */

/**
 * Starts the CallingBox emulator in this process on 127.0.0.1: the webhook
 * API, signed deliveries on the real retry schedule, and the control routes
 * of the CLI's emulator (`${baseUrl}/_emulator/...`).
 * @param {StartEmulatorOptions} [options]
 * @returns {Promise<TestEmulator>}
 */
export async function startEmulator(options = {}) {
  const apiKey = options.apiKey ?? DEFAULT_API_KEY;
  if (typeof apiKey !== 'string' || !/^sk_[\x21-\x7e]+$/.test(apiKey)) {
    throw new TypeError('startEmulator: apiKey must be a string that starts with sk_ and has no spaces');
  }
  const emulator = await startEmulatorServer({
    port: options.port ?? 0,
    apiKeys: [apiKey],
    timeScale: options.timeScale ?? 1,
    allowHttpLocalhost: options.allowHttpLocalhost ?? true,
    log: options.log,
  });
  const withEvent = (delivery) => ({ ...delivery, event: JSON.parse(delivery.body) });
  const deliveries = () => emulator.deliveries().map(withEvent);
  const byIds = (brief) => {
    const ids = new Set(brief.map((d) => d.id));
    return deliveries().filter((d) => ids.has(d.id));
  };
  const control = async (path, body) => {
    const answer = await emulator.control('POST', path, body);
    if (answer.status >= 300) throw new Error(`${path.slice('/_emulator/'.length)}: ${answer.body?.error ?? `HTTP ${answer.status}`}`);
    return answer.body;
  };

  return {
    baseUrl: emulator.url,
    apiKey,
    port: emulator.port,
    close: () => emulator.close(),
    async createEndpoint(url, params = {}) {
      const res = await fetch(`${emulator.url}/v1/webhook_endpoints`, {
        method: 'POST',
        headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
        body: JSON.stringify({ url, ...params }),
      });
      const body = await res.json();
      if (res.status !== 201) throw new Error(`createEndpoint: ${body?.error?.message ?? body?.error ?? `HTTP ${res.status}`}`);
      return body;
    },
    async trigger(type, data = {}) {
      if (!ALL_EVENT_TYPES.includes(type)) throw new TypeError(`trigger: unknown event type ${String(type)}; one of ${ALL_EVENT_TYPES.join(', ')}`);
      return byIds((await control('/_emulator/events', { type, call: data.call })).deliveries);
    },
    async triggerCall(outcome, data = {}) {
      if (!OUTCOMES.includes(outcome)) throw new TypeError(`triggerCall: outcome must be one of ${OUTCOMES.join(', ')}`);
      return byIds((await control('/_emulator/calls', { outcome, call: data.call })).deliveries);
    },
    deliveries,
    waitForDelivery(predicate, { timeoutMs = 5000 } = {}) {
      return new Promise((resolve, reject) => {
        const settle = (fn, value) => {
          clearTimeout(timer);
          unsubscribe();
          fn(value);
        };
        const check = (delivery) => {
          try {
            if (predicate(delivery)) settle(resolve, delivery);
          } catch (error) {
            settle(reject, error);
          }
        };
        const unsubscribe = emulator.onDelivery((delivery) => check(withEvent(delivery)));
        const timer = setTimeout(() => {
          const seen = deliveries().map((d) => `${d.event_type} ${d.id} ${d.status} after ${d.attempt_count} attempt(s)${d.last_error ? ` (${d.last_error})` : ''}`);
          settle(reject, new Error(`waitForDelivery: no delivery matched within ${timeoutMs} ms; deliveries: ${seen.length ? `\n  ${seen.join('\n  ')}` : 'none'}`));
        }, timeoutMs);
        for (const delivery of deliveries()) check(delivery);
      });
    },
  };
}

// One moment for every fixture, so that snapshots stay stable: 2026-04-16T12:01:00Z.
const FIXTURE_TIME_MS = Date.UTC(2026, 3, 16, 12, 1, 0);
const FIXTURE_CALL_ID = '3b0e8c4a-7f1d-4e2b-9c6a-5d8f0a1b2c3d';

function deepFreeze(value) {
  if (value && typeof value === 'object') {
    Object.values(value).forEach(deepFreeze);
    Object.freeze(value);
  }
  return value;
}

/**
 * A realistic event of every type, as CallingBox POSTs it (the full call
 * object at that stage). Fixed ids and times (2026-04-16T12:01:00Z), so
 * snapshots stay stable; frozen, so copy one (`structuredClone`) to change it.
 * @type {{ readonly [T in WebhookEventType]: EventOf<T> }}
 */
export const fixtures = /** @type {any} */ (deepFreeze(Object.fromEntries(ALL_EVENT_TYPES.map((type, index) => {
  const { call, createdMs } = eventAt(type, { overrides: { id: FIXTURE_CALL_ID }, nowMs: FIXTURE_TIME_MS });
  const id = `6f1c1f5e-2f43-4f7e-9a53-0d7b2f6a9c${String(index + 10).padStart(2, '0')}`;
  return [type, JSON.parse(envelopeBody({ id, type, call, createdMs }))];
}))));

/**
 * A fresh event of `type` happening now: a new event id and call id (unless
 * `data.call.id` gives one), times around now.
 * @template {WebhookEventType} T
 * @param {T} type
 * @param {EventData} [data]
 * @returns {EventOf<T>}
 */
export function createEvent(type, data = {}) {
  if (!ALL_EVENT_TYPES.includes(type)) throw new TypeError(`createEvent: unknown event type ${String(type)}; one of ${ALL_EVENT_TYPES.join(', ')}`);
  const { call, createdMs } = eventAt(type, { overrides: data.call ?? {} });
  return JSON.parse(envelopeBody({ id: newId(), type, call, createdMs }));
}

/**
 * @typedef {object} SignedRequestOptions
 * @property {number} [timestamp] the signature's `t`, in unix seconds (default now); an old one tests your tolerance check
 * @property {string} [url] default `http://localhost/webhooks`
 */

/**
 * A delivery as CallingBox would POST it, signed with `secret` by the
 * package's wasm: the exact body text and the headers (Content-Type,
 * CallingBox-Signature, CallingBox-Event-Id, CallingBox-Event-Type,
 * X-CallingBox-Event, X-CallingBox-Call-Id, User-Agent). The form for Node
 * test tools: `supertest(app).post(path).set(headers).send(body)`,
 * `app.inject({ method, url, headers, payload: body })`.
 * `event` is an event object (serialized with JSON.stringify) or the raw body text.
 * @param {WebhookEvent | string} event
 * @param {string} secret the endpoint's signing secret (`whsec_...`)
 * @param {SignedRequestOptions} [options]
 * @returns {{ url: string, method: 'POST', headers: Record<string, string>, body: string }}
 */
export function createSignedDelivery(event, secret, options = {}) {
  const body = typeof event === 'string' ? event : JSON.stringify(event);
  const parsed = typeof event === 'string' ? safeParse(event) : event;
  const signOptions = options.timestamp === undefined ? undefined : { timestamp: options.timestamp };
  const isEvent = typeof parsed?.id === 'string' && typeof parsed?.type === 'string';
  const headers = deliveryHeaders({
    eventId: isEvent ? parsed.id : '',
    eventType: isEvent ? parsed.type : '',
    callId: typeof parsed?.data?.call?.id === 'string' ? parsed.data.call.id : null,
    signature: signPayload(body, secret, signOptions),
    body,
    userAgent: `CallingBox-Webhooks/${API_VERSION} (callingbox-webhooks/testing)`,
  });
  // A body that is not an event (to test a receiver's invalid_payload path) has no id or type to announce.
  if (!isEvent) for (const name of ['CallingBox-Event-Id', 'CallingBox-Event-Type', 'X-CallingBox-Event']) delete headers[name];
  return { url: options.url ?? 'http://localhost/webhooks', method: 'POST', headers, body };
}

/**
 * The same delivery as a Fetch API `Request`, for handlers that take one
 * (Next.js route handlers, Hono, Workers, `verifyRequest`).
 * @param {WebhookEvent | string} event
 * @param {string} secret
 * @param {SignedRequestOptions} [options]
 * @returns {Request}
 */
export function createSignedRequest(event, secret, options = {}) {
  const { url, method, headers, body } = createSignedDelivery(event, secret, options);
  const { 'Content-Length': _length, ...rest } = headers; // Request sets it from the body
  return new Request(url, { method, headers: rest, body });
}

function safeParse(text) {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/**
 * The eight event types.
 * @type {readonly WebhookEventType[]}
 */
export const EVENT_TYPES = /** @type {readonly WebhookEventType[]} */ (ALL_EVENT_TYPES);
