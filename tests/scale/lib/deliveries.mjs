// Signed CallingBox deliveries for the scale tests and the benchmark: event
// bodies, a seeded plan of duplicates (some copies fired at the same
// instant), and a sender that keeps a fixed number of requests in flight.
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';

const TYPES = ['call.queued', 'call.ringing', 'call.answered', 'call.completed', 'call.failed', 'call.no_answer', 'call.busy', 'call.canceled'];

/** A small seeded PRNG (mulberry32): the same seed gives the same plan. */
export function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The raw body of one CallingBox event, as the API sends it. */
export function eventBody({ id = randomUUID(), type = 'call.completed' } = {}) {
  const now = Math.floor(Date.now() / 1000);
  const call = {
    id: randomUUID(), to_number: '+15550001111', from_number: '+15550002222', status: 'completed',
    direction: 'outbound', metadata: { language: 'en-US' }, duration_seconds: 42, result: { booked: true },
  };
  return { id, type, body: JSON.stringify({ id, type, created: now, api_version: '2026-04', data: { call } }) };
}

/**
 * `events` distinct events delivered `deliveries` times in all, each 1 to
 * `maxCopies` times; about `burstShare` of the duplicated events have all
 * their copies fired at the same instant, the others' copies are spread
 * over the run in random order.
 *
 * @returns {{events: {id: string, type: string, body: string, copies: number}[], jobs: number[][]}}
 *   jobs: event indexes to send together (one job = one instant)
 */
export function planDeliveries({ events: count, deliveries, maxCopies = 5, burstShare = 0.35, seed }) {
  if (deliveries < count || deliveries > count * maxCopies) throw new Error('impossible plan');
  const rand = random(seed);
  const events = Array.from({ length: count }, (_, i) => ({ ...eventBody({ type: TYPES[i % TYPES.length] }), copies: 1 }));
  for (let extra = deliveries - count; extra > 0;) {
    const event = events[Math.floor(rand() * count)];
    if (event.copies < maxCopies) { event.copies += 1; extra -= 1; }
  }
  const jobs = [];
  events.forEach((event, index) => {
    if (event.copies > 1 && rand() < burstShare) {
      event.burst = true;
      jobs.push(Array(event.copies).fill(index));
    } else {
      for (let copy = 0; copy < event.copies; copy += 1) jobs.push([index]);
    }
  });
  for (let i = jobs.length - 1; i > 0; i -= 1) {
    const j = Math.floor(rand() * (i + 1));
    [jobs[i], jobs[j]] = [jobs[j], jobs[i]];
  }
  return { events, jobs };
}

/** POSTs one event to `url`, signed now with `sign`; never rejects (status 0: no answer). */
export async function deliver(url, event, sign) {
  const started = performance.now();
  try {
    const response = await fetch(url, {
      method: 'POST',
      body: event.body,
      headers: {
        'Content-Type': 'application/json',
        'CallingBox-Signature': sign(event.body),
        'CallingBox-Event-Id': event.id,
        'CallingBox-Event-Type': event.type,
      },
    });
    const text = await response.text();
    return { id: event.id, status: response.status, text, ms: performance.now() - started };
  } catch (error) {
    // No answer (status 0): the caller's assertions name it.
    return { id: event.id, status: 0, text: String(error?.cause ?? error), ms: performance.now() - started };
  }
}

/**
 * Sends every job (a job's copies all at once) keeping at most `inFlight`
 * requests open. Resolves every answer, in completion order.
 */
export async function sendJobs(jobs, events, { url, sign, inFlight }) {
  const results = [];
  let open = 0;
  let wake = null;
  const pending = new Set();
  for (const job of jobs) {
    while (open + job.length > inFlight) await new Promise((resolve) => { wake = resolve; });
    open += job.length;
    const sent = Promise.all(job.map((index) => deliver(url, events[index], sign))).then((answers) => {
      results.push(...answers);
      open -= job.length;
      pending.delete(sent);
      wake?.();
      wake = null;
    });
    pending.add(sent);
  }
  await Promise.all(pending);
  return results;
}

/** The p-th percentile (0..100) of a list of numbers. */
export function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}
