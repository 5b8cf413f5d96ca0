// The rules of the event ledger, as pure functions of (record, now): what a
// delivery, a queue message, a failure, a success and a dead letter do to
// one event's record. No I/O here, so every race can be tested by calling
// these with the states the race produces (tests/scale/ledger-rules.test.mjs);
// ledger.js applies them inside the event's Durable Object, where calls for
// one event id run one at a time.
//
// A record: { status, type, enqueues, runs, queuedUntil, owner, lastError,
//             firstAcceptedAt, doneAt, deadAt }
//   status  queued     a copy is on the Queue (sent and confirmed)
//           processing a consumer holds the lease `owner` and runs the handler
//           done       the handler returned: never run it again
//           dead       every try failed and the Queue dead-lettered it
//   owner   { messageId, attempt, until } of the processing lease

/** Event statuses. */
export const QUEUED = 'queued';
export const PROCESSING = 'processing';
export const DONE = 'done';
export const DEAD = 'dead';

/**
 * A verified delivery arrived. `enqueue`: send the event to the Queue, then
 * call {@link enqueued}. `duplicate`: a copy is already on its way or done.
 *
 * @param {object | undefined} record
 * @param {number} now milliseconds
 * @returns {'enqueue' | 'duplicate'}
 */
export function onDelivery(record, now) {
  if (!record) return 'enqueue';
  switch (record.status) {
    case DONE:
      return 'duplicate';
    // Every try failed: a new delivery (a replay from CallingBox after a fix)
    // tries again. The handler never succeeded, so this is not a second run.
    case DEAD:
      return 'enqueue';
    // The Queue keeps a message only so long; past that the copy may be gone.
    case QUEUED:
      return now < record.queuedUntil ? 'duplicate' : 'enqueue';
    // A lease outlives any live consumer (15 min wall-clock limit), so an
    // expired one means its consumer died; another copy is harmless.
    case PROCESSING:
      return now < record.owner.until ? 'duplicate' : 'enqueue';
    default:
      return 'enqueue';
  }
}

/**
 * The Queue confirmed the send: the record that says so.
 *
 * @param {object | undefined} record
 * @param {{type: string, now: number, retentionMs: number}} sent
 */
export function enqueued(record, { type, now, retentionMs }) {
  const base = record ?? { type, enqueues: 0, runs: 0, owner: null, lastError: null, firstAcceptedAt: now };
  // A consumer may have taken this copy before the confirmation came back.
  if (base.status === PROCESSING || base.status === DONE) return { ...base, enqueues: base.enqueues + 1 };
  return { ...base, status: QUEUED, queuedUntil: now + retentionMs, enqueues: base.enqueues + 1, deadAt: null, deadMessageId: null };
}

/**
 * A queue message (try `attempt` of message `messageId`) wants to run the
 * handler.
 *   run   take the lease and run it (the returned record holds the lease)
 *   skip  ack the message: the event is done, or another message holds a
 *         live lease and stays on the Queue until it finishes or dead-letters
 *   wait  retry this message later: the same try was delivered twice and the
 *         other copy is running
 *
 * @param {object | undefined} record
 * @param {{messageId: string, attempt: number, now: number, leaseMs: number, type?: string}} message
 * @returns {{action: 'run' | 'skip' | 'wait', record?: object, retryInMs?: number}}
 */
export function onMessage(record, { messageId, attempt, now, leaseMs, type }) {
  if (record?.status === DONE) return { action: 'skip' };
  if (record?.status === PROCESSING) {
    const { owner } = record;
    const live = now < owner.until;
    if (owner.messageId === messageId) {
      // A later try of the lease holder's own message: the earlier try ended
      // without reporting (its isolate died), so the lease is this try's.
      if (attempt <= owner.attempt && live) return { action: 'wait', retryInMs: owner.until - now };
    } else if (live) {
      return { action: 'skip' };
    }
  }
  const base = record ?? { type, enqueues: 0, runs: 0, lastError: null, firstAcceptedAt: now, queuedUntil: 0 };
  return {
    action: 'run',
    record: { ...base, status: PROCESSING, owner: { messageId, attempt, until: now + leaseMs }, runs: base.runs + 1 },
  };
}

/**
 * The handler returned. Done whoever holds the lease: it ran to the end, so
 * it must never run again.
 */
export function onSuccess(record, { now }) {
  if (record?.status === DONE) return record;
  return { ...(record ?? { enqueues: 0, runs: 1, lastError: null }), status: DONE, owner: null, doneAt: now };
}

/**
 * The handler threw. The lease is released so that the Queue's retry (or a
 * copy) can run it again; a record that another message leases now, or that
 * is done, is left alone.
 */
export function onFailure(record, { messageId, error, now, retentionMs }) {
  if (record?.status !== PROCESSING || record.owner.messageId !== messageId) return record;
  return { ...record, status: QUEUED, owner: null, lastError: error, queuedUntil: now + retentionMs };
}

/**
 * The Queue gave up on message `messageId` (it used every try) and the
 * dead-letter consumer got it. `dead` unless the event is done or another
 * message holds a live lease on it (that one still has tries left). The
 * same dead letter seen again (its consumer is retried) is `dead` again, so
 * the dead-letter hook runs at least once.
 *
 * @returns {{record: object | undefined, dead: boolean}}
 */
export function onDeadLetter(record, { messageId, now, type }) {
  const deadNow = { status: DEAD, owner: null, deadAt: now, deadMessageId: messageId };
  // No record: every try failed before reaching the ledger (it was down).
  if (!record) return { record: { type, enqueues: 0, runs: 0, lastError: null, ...deadNow }, dead: true };
  if (record.status === DEAD) return { record, dead: record.deadMessageId === messageId };
  if (record.status === DONE) return { record, dead: false };
  if (record.status === PROCESSING && record.owner.messageId !== messageId && now < record.owner.until) {
    return { record, dead: false };
  }
  return { record: { ...record, ...deadNow }, dead: true };
}
