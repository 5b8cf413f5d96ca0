// The delivery engine: creates deliveries for events, runs the retry
// schedule with one timer per pending delivery (no polling), signs each
// attempt with the endpoint's current secret, and applies the endpoint
// failure rules (consecutive_failures, auto-disable).
import {
  API_VERSION, ORG_ID, conflict, ApiError, newId, rfc3339, signPayload, unixSeconds,
} from './util.js';
import { RESPONSE_TEXT_CAP, deliveryHeaders, envelopeBody, postOnce } from './wire.js';

export const MAX_ATTEMPTS = 8;
// Wait before attempt n+1 after attempt n failed: +1 min, +5 min, +30 min, +2 h, +5 h, +10 h, +24 h.
export const RETRY_DELAYS_MS = [60e3, 300e3, 1800e3, 7200e3, 18000e3, 36000e3, 86400e3];
export const JITTER = 0.2;
export const ATTEMPT_TIMEOUT_MS = 10_000;
export const MIN_ATTEMPT_TIMEOUT_MS = 1_000;
export const DISABLE_AFTER_EXHAUSTED = 10;
export const USER_AGENT = `CallingBox-Webhooks/${API_VERSION} (emulator)`;

const ATTEMPT_HISTORY_CAP = 100;
const MAX_TIMER_MS = 2 ** 31 - 1; // setTimeout's limit; longer waits re-arm

export class DeliveryEngine {
  constructor({ store, timeScale = 1, log = () => {}, random = Math.random }) {
    this.store = store;
    this.timeScale = timeScale;
    this.log = log;
    this.random = random;
    this.timers = new Map(); // delivery id -> Timeout
    // A delivery's generation bumps on redeliver/delete/reset so that an
    // attempt still in flight from before cannot record its result.
    this.generations = new Map();
    this.running = new Map(); // delivery id -> generation of the attempt in flight
    this.outgoing = new Set(); // in-flight ClientRequests, destroyed by close()
    this.listeners = new Set(); // called with a delivery record after each change
    this.closed = false;
  }

  /** Calls `listener(delivery)` after a delivery is created, attempted, redelivered or ended; returns the unsubscribe function. */
  onChange(listener) {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  notify(delivery) {
    for (const listener of this.listeners) {
      try {
        listener(delivery);
      } catch (error) {
        this.log(`delivery listener failed: ${error.message}`);
      }
    }
  }

  get attemptTimeoutMs() {
    return Math.max(MIN_ATTEMPT_TIMEOUT_MS, ATTEMPT_TIMEOUT_MS / this.timeScale);
  }

  /** Delay before the next attempt after `failedAttempts` failures, jittered and scaled. */
  retryDelayMs(failedAttempts) {
    const base = RETRY_DELAYS_MS[failedAttempts - 1];
    const jitter = 1 + (this.random() * 2 - 1) * JITTER;
    return (base * jitter) / this.timeScale;
  }

  // ---- creating deliveries -------------------------------------------------

  /**
   * Fans an event out: one delivery per enabled endpoint subscribed to the
   * type (or `*`), plus an inline delivery when the call has a webhook_url.
   */
  emit(type, call, eventMs = Date.now()) {
    const endpoints = [...this.store.endpoints.values()]
      .filter((ep) => ep.status === 'enabled')
      .filter((ep) => ep.enabled_events.includes('*') || ep.enabled_events.includes(type))
      .sort((a, b) => a.seq - b.seq);
    const targets = endpoints.map((ep) => ({ endpointId: ep.id, url: ep.url }));
    if (typeof call.webhook_url === 'string') targets.push({ endpointId: null, url: call.webhook_url });
    return targets.map((target) => this.createDelivery(type, call, target, eventMs));
  }

  createDelivery(type, call, { endpointId, url }, eventMs) {
    const now = Date.now();
    const id = newId();
    // The body bytes are fixed here and identical on every attempt and replay.
    const body = envelopeBody({ id, type, call, createdMs: eventMs });
    const delivery = {
      id,
      org_id: ORG_ID,
      endpoint_id: endpointId,
      call_id: typeof call.id === 'string' ? call.id : null,
      event_type: type,
      url,
      status: 'pending',
      attempt_count: 0,
      manual_retry_count: 0,
      next_attempt_at: rfc3339(now),
      last_error: null,
      last_response_status: null,
      delivered_at: null,
      created_at: rfc3339(now),
      updated_at: rfc3339(now),
      // internal
      seq: this.store.nextSeq(),
      body,
      next_attempt_ms: now,
      attempts: [],
    };
    this.store.deliveries.set(id, delivery);
    this.schedule(delivery);
    this.notify(delivery);
    return delivery;
  }

  // ---- scheduling ------------------------------------------------------------

  generation(id) {
    return this.generations.get(id) ?? 0;
  }

  invalidate(id) {
    this.generations.set(id, this.generation(id) + 1);
    this.cancelTimer(id);
  }

  cancelTimer(id) {
    clearTimeout(this.timers.get(id));
    this.timers.delete(id);
  }

  /** Pending deliveries only run while their endpoint is enabled (inline ones always). */
  isRunnable(delivery) {
    if (delivery.status !== 'pending') return false;
    if (delivery.endpoint_id === null) return true;
    return this.store.endpoints.get(delivery.endpoint_id)?.status === 'enabled';
  }

  /** Arms the timer for the delivery's next attempt, if it may run now. */
  schedule(delivery) {
    if (this.closed) return;
    this.cancelTimer(delivery.id);
    if (!this.isRunnable(delivery)) return;
    // An attempt in flight schedules its successor itself when it finishes.
    if (this.running.get(delivery.id) === this.generation(delivery.id)) return;
    const wait = Math.min(MAX_TIMER_MS, Math.max(0, delivery.next_attempt_ms - Date.now()));
    const timer = setTimeout(() => this.onTimer(delivery.id), wait);
    this.timers.set(delivery.id, timer);
  }

  onTimer(id) {
    this.timers.delete(id);
    const delivery = this.store.deliveries.get(id);
    if (!delivery || !this.isRunnable(delivery)) return;
    if (delivery.next_attempt_ms > Date.now() + 1) {
      this.schedule(delivery); // a wait longer than setTimeout allows
      return;
    }
    this.attempt(delivery).catch((error) => this.log(`delivery ${id}: internal error: ${error.message}`));
  }

  /** Re-arms every pending delivery (after loading a state file). */
  resumeAll() {
    let count = 0;
    for (const delivery of this.store.deliveries.values()) {
      if (delivery.status !== 'pending') continue;
      this.schedule(delivery);
      count += 1;
    }
    if (count) this.log(`resumed ${count} pending deliveries from the state file`);
  }

  // ---- attempts ---------------------------------------------------------------

  async attempt(delivery) {
    const { id } = delivery;
    const generation = this.generation(id);
    this.running.set(id, generation);
    const startedMs = Date.now();
    let result;
    try {
      const timestamp = unixSeconds(startedMs);
      const headers = this.headersFor(delivery, delivery.body, this.signatureFor(delivery, timestamp));
      result = await this.post(delivery.url, delivery.body, headers);
    } finally {
      if (this.running.get(id) === generation) this.running.delete(id);
    }
    // Redelivered, deleted, reset or shut down meanwhile: this result is stale.
    if (this.closed || generation !== this.generation(id) || this.store.deliveries.get(id) !== delivery) return;
    this.recordAttempt(delivery, result, startedMs);
    this.store.saveQuietly();
    this.notify(delivery);
  }

  recordAttempt(delivery, result, startedMs) {
    const now = Date.now();
    delivery.attempt_count += 1;
    delivery.attempts.push({
      attempt: delivery.attempt_count,
      manual_retry: delivery.manual_retry_count,
      started_at: new Date(startedMs).toISOString(),
      duration_ms: now - startedMs,
      response_status: result.status ?? null,
      error: result.error ?? null,
      retry_delay_ms: null, // set below when another attempt is scheduled
    });
    if (delivery.attempts.length > ATTEMPT_HISTORY_CAP) delivery.attempts.shift();
    delivery.last_response_status = result.status ?? null;
    delivery.updated_at = rfc3339(now);
    const label = `delivery ${delivery.id} attempt ${delivery.attempt_count}/${MAX_ATTEMPTS}`;

    if (result.status >= 200 && result.status < 300) {
      this.log(`${label} -> ${result.status}, delivered`);
      this.markDelivered(delivery, now);
      return;
    }
    delivery.last_error = result.error ?? `receiver answered HTTP ${result.status}`;
    if (delivery.attempt_count >= MAX_ATTEMPTS) {
      this.log(`${label} -> ${delivery.last_error}; exhausted`);
      this.markExhausted(delivery, now);
      return;
    }
    const delay = this.retryDelayMs(delivery.attempt_count);
    delivery.attempts.at(-1).retry_delay_ms = delay;
    delivery.next_attempt_ms = now + delay;
    delivery.next_attempt_at = rfc3339(delivery.next_attempt_ms);
    this.log(`${label} -> ${delivery.last_error}; next attempt in ${Math.round(delay)} ms`);
    this.schedule(delivery);
  }

  markDelivered(delivery, now) {
    delivery.status = 'delivered';
    delivery.delivered_at = rfc3339(now);
    delivery.next_attempt_at = null;
    delivery.last_error = null;
    const endpoint = this.store.endpoints.get(delivery.endpoint_id);
    if (endpoint && endpoint.consecutive_failures !== 0) {
      endpoint.consecutive_failures = 0;
      endpoint.updated_at = rfc3339(now);
    }
  }

  /** Each exhausted delivery counts once toward the endpoint's auto-disable threshold. */
  markExhausted(delivery, now) {
    delivery.status = 'exhausted';
    delivery.next_attempt_at = null;
    const endpoint = this.store.endpoints.get(delivery.endpoint_id);
    if (!endpoint) return;
    endpoint.consecutive_failures += 1;
    endpoint.updated_at = rfc3339(now);
    if (endpoint.status === 'enabled' && endpoint.consecutive_failures >= DISABLE_AFTER_EXHAUSTED) {
      this.log(`endpoint ${endpoint.id} disabled after ${endpoint.consecutive_failures} exhausted deliveries`);
      this.disableEndpoint(endpoint, 'too_many_failures', now);
    }
  }

  // ---- endpoint state changes -------------------------------------------------

  /** Disabling pauses the endpoint's pending deliveries (their timers stop). */
  disableEndpoint(endpoint, reason, now = Date.now()) {
    endpoint.status = 'disabled';
    endpoint.disabled_reason = reason;
    endpoint.disabled_at = rfc3339(now);
    endpoint.updated_at = rfc3339(now);
    for (const delivery of this.deliveriesOf(endpoint.id)) this.cancelTimer(delivery.id);
  }

  /** Enabling zeroes the counter, clears the reason and resumes paused deliveries. */
  enableEndpoint(endpoint, now = Date.now()) {
    endpoint.status = 'enabled';
    endpoint.consecutive_failures = 0;
    endpoint.disabled_reason = null;
    endpoint.disabled_at = null;
    endpoint.updated_at = rfc3339(now);
    for (const delivery of this.deliveriesOf(endpoint.id)) this.schedule(delivery);
  }

  /** Pending deliveries of a deleted endpoint end as exhausted without another attempt. */
  endpointDeleted(endpoint, now = Date.now()) {
    for (const delivery of this.deliveriesOf(endpoint.id)) {
      if (delivery.status !== 'pending') continue;
      this.invalidate(delivery.id);
      delivery.status = 'exhausted';
      delivery.next_attempt_at = null;
      delivery.last_error = 'endpoint deleted';
      delivery.updated_at = rfc3339(now);
      this.notify(delivery);
    }
  }

  deliveriesOf(endpointId) {
    return [...this.store.deliveries.values()].filter((d) => d.endpoint_id === endpointId);
  }

  /**
   * Manual replay: same id and body, back to pending, and the whole
   * 8-attempt schedule again from attempt 1 (attempt_count restarts at 0).
   */
  redeliver(delivery) {
    if (delivery.endpoint_id !== null && !this.store.endpoints.has(delivery.endpoint_id)) {
      throw conflict(`delivery ${delivery.id} cannot be redelivered: endpoint ${delivery.endpoint_id} was deleted`);
    }
    const now = Date.now();
    this.invalidate(delivery.id);
    Object.assign(delivery, {
      status: 'pending',
      attempt_count: 0,
      manual_retry_count: delivery.manual_retry_count + 1,
      next_attempt_ms: now,
      next_attempt_at: rfc3339(now),
      delivered_at: null,
      updated_at: rfc3339(now),
    });
    this.schedule(delivery);
    this.notify(delivery);
  }

  // ---- signing and sending ----------------------------------------------------

  /** The secret the delivery is signed with now: the endpoint's current one. */
  secretFor(delivery) {
    if (delivery.endpoint_id === null) return this.store.orgSecret;
    return this.store.endpoints.get(delivery.endpoint_id)?.signing_secret ?? null;
  }

  signatureFor(delivery, timestamp, body = delivery.body, secret = this.secretFor(delivery)) {
    return `t=${timestamp},v1=${signPayload(secret, timestamp, body)}`;
  }

  headersFor(delivery, body, signature) {
    return deliveryHeaders({
      eventId: delivery.id, eventType: delivery.event_type, callId: delivery.call_id, signature, body, userAgent: USER_AGENT,
    });
  }

  /**
   * One out-of-band POST of a delivery with optional changes (stale
   * timestamp, tampered body, other secret, raw signature header). The
   * delivery record is not touched.
   */
  async sendOnce(delivery, { timestamp, body, secret, signature, resign = false }) {
    const sentBody = body ?? delivery.body;
    let header = signature;
    if (header === undefined) {
      const signingSecret = secret ?? this.secretFor(delivery);
      if (signingSecret === null) {
        throw conflict(`endpoint ${delivery.endpoint_id} was deleted; pass "secret" to sign with`);
      }
      // By default the signature covers the ORIGINAL body, so a replaced body is a tampering.
      const signedBody = resign ? sentBody : delivery.body;
      const t = timestamp ?? unixSeconds();
      header = this.signatureFor(delivery, t, signedBody, signingSecret);
    }
    const result = await this.post(delivery.url, sentBody, this.headersFor(delivery, sentBody, header));
    if (result.error) throw new ApiError(502, `send failed: ${result.error}`, 'upstream_failure');
    return { status: result.status, body: result.text };
  }

  /** One attempt's POST (see postOnce); resolves { status, text } or { error }. */
  async post(url, body, headers) {
    const result = await postOnce(url, body, headers, { timeoutMs: this.attemptTimeoutMs, outgoing: this.outgoing });
    if (result.error) return { error: result.error };
    return { status: result.status, text: result.body.toString('utf8').slice(0, RESPONSE_TEXT_CAP) };
  }

  // ---- lifecycle ------------------------------------------------------------

  /** Stops everything for a reset: timers, in-flight attempts, bookkeeping. */
  reset() {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    this.running.clear();
    this.generations.clear();
    // In-flight attempts finish with an error and then find their delivery
    // gone from the (cleared) store, so they record nothing.
    for (const request of this.outgoing) request.destroy();
    this.outgoing.clear();
  }

  close() {
    this.closed = true;
    this.reset();
  }
}
