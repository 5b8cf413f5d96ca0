// The delivery retry schedule as CallingBox documents it, and the timeline
// of one delivery computed from the fields the API returns. The API gives
// no per-attempt history: past attempts are known only by their count and
// the last one's result, and future ones only by the nominal schedule
// (each wait jittered by ±20 %).

export const MAX_ATTEMPTS = 8;
/** Wait before attempt n+1 after attempt n failed: +1 min, +5 min, +30 min, +2 h, +5 h, +10 h, +24 h. */
export const RETRY_DELAYS_MS = [60e3, 300e3, 1800e3, 7200e3, 18000e3, 36000e3, 86400e3];
export const JITTER = 0.2;

/**
 * One delivery's run of attempts, as far as the API tells.
 * @param {any} d a delivery object
 * @returns {{
 *   done: number, next: number|null, nextAt: Date|null, exhaustAt: Date|null,
 *   steps: Array<{ attempt: number, state: 'failed'|'delivered'|'next'|'planned'|'skipped', offsetMs: number|null, at: Date|null }>
 * }}
 *   `done` attempts made in the current run; `next` the number of the next
 *   attempt (pending only); `exhaustAt` when the last attempt is due if every
 *   one fails (nominal, without jitter).
 */
export function timeline(d) {
  const done = Math.min(d.attempt_count ?? 0, MAX_ATTEMPTS);
  const pending = d.status === 'pending';
  const nextAt = pending && d.next_attempt_at ? new Date(d.next_attempt_at) : null;
  const next = pending ? done + 1 : null;
  const steps = [];
  let at = nextAt;
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt += 1) {
    const offsetMs = attempt === 1 ? 0 : RETRY_DELAYS_MS[attempt - 2];
    if (attempt <= done) {
      const delivered = d.status === 'delivered' && attempt === done;
      steps.push({ attempt, state: delivered ? 'delivered' : 'failed', offsetMs, at: null });
    } else if (pending && attempt === next) {
      steps.push({ attempt, state: 'next', offsetMs, at: nextAt });
    } else if (pending && attempt > next) {
      at = at ? new Date(at.getTime() + offsetMs) : null;
      steps.push({ attempt, state: 'planned', offsetMs, at });
    } else {
      steps.push({ attempt, state: 'skipped', offsetMs, at: null });
    }
  }
  return { done, next, nextAt, exhaustAt: pending ? at : null, steps };
}
