// EventLedger: the exactly-once ledger, in SHARDS Durable Objects. An event
// id always maps to the same shard; a shard keeps its events' records (see
// ledger-rules.js) in a SQLite table. A Durable Object runs as one instance
// worldwide with strongly consistent storage, and inside it the calls for
// one event id take turns (a lock per id), so every decision about an event
// sees the outcome of the one before.
import { DurableObject } from 'cloudflare:workers';
import * as rules from './ledger-rules.js';

// Fixed for the life of a deployment: an event must map to the shard that
// knows it. Each shard takes about 1,000 calls a second; an event costs
// about 3 (accept, begin, succeed), so 32 shards carry ~10,000 events/s.
export const SHARDS = 32;
const SECOND = 1000;
const DAY = 86_400 * SECOND;
// How long the Queue keeps an unconsumed message (its default retention).
// A `queued` record older than this may have lost its copy: the next
// delivery sends another.
const QUEUE_RETENTION_MS = 4 * DAY;
// A consumer invocation runs at most 15 minutes (wall clock), so a lease
// this long is never held by a live consumer after it expires.
const PROCESSING_LEASE_MS = 16 * 60 * SECOND;
// How long a finished event is remembered: CallingBox's automatic retries
// end within about 2 days; manual replays can come later.
const REMEMBER_MS = 30 * DAY;

/** The shard of an event id: FNV-1a over its UTF-16 code units. */
export function shardOf(eventId) {
  let hash = 0x811c9dc5;
  for (let i = 0; i < eventId.length; i += 1) hash = Math.imul(hash ^ eventId.charCodeAt(i), 0x01000193);
  return (hash >>> 0) % SHARDS;
}

/**
 * The ledger of one event id, with the id bound: what the Worker calls.
 *
 * @param {{EVENTS: DurableObjectNamespace}} env
 * @param {string} eventId
 */
export function ledgerFor(env, eventId) {
  const shard = env.EVENTS.get(env.EVENTS.idFromName(`shard-${shardOf(eventId)}-of-${SHARDS}`));
  return {
    accept: (event) => shard.accept(event),
    begin: (message) => shard.begin({ eventId, ...message }),
    succeed: () => shard.succeed({ eventId }),
    fail: (failure) => shard.fail({ eventId, ...failure }),
    deadLetter: (letter) => shard.deadLetter({ eventId, ...letter }),
    inspect: () => shard.inspect({ eventId }),
    shard,
  };
}

/** The Durable Object class bound as EVENTS: one shard of the ledger. */
export class EventLedger extends DurableObject {
  constructor(ctx, env) {
    super(ctx, env);
    this.sql = ctx.storage.sql;
    // WITHOUT ROWID: the id is the table's key, so a write is one row
    // written (rows written are what SQLite storage bills).
    this.sql.exec(`CREATE TABLE IF NOT EXISTS events (
      id TEXT PRIMARY KEY, status TEXT NOT NULL, record TEXT NOT NULL, updated_at INTEGER NOT NULL) WITHOUT ROWID`);
    /** event id -> the end of its chain of calls */
    this.turns = new Map();
    this.alarmSet = false;
  }

  /**
   * A verified delivery: sends the event to the Queue unless a copy is
   * already on it, being processed, or done.
   *
   * @param {{id: string, type: string}} event the verified event
   * @returns {Promise<{queued: boolean, status?: string, error?: string}>}
   *   `error`: the Queue refused the send; nothing was recorded
   */
  async accept(event) {
    // Other calls for this event (duplicates, the consumer) wait until the
    // send is confirmed: a duplicate never answers 2xx while the first copy
    // could still fail to reach the Queue. If the object dies mid-send, the
    // turn dies with it and the next delivery starts over (at worst sending
    // a second copy, which the consumer skips).
    return this.inTurn(event.id, async () => {
      const record = this.load(event.id);
      if (rules.onDelivery(record, Date.now()) === 'duplicate') return { queued: false, status: record.status };
      try {
        await this.env.EVENTS_QUEUE.send(event, { contentType: 'json' });
      } catch (error) {
        return { queued: false, error: describe(error) };
      }
      const next = rules.enqueued(record, { type: event.type, now: Date.now(), retentionMs: QUEUE_RETENTION_MS });
      await this.store(event.id, next);
      return { queued: true, status: next.status };
    });
  }

  /**
   * A queue message wants to run the handler: `run` (the lease is yours),
   * `skip` (ack it) or `wait` (retry it in `retryInMs`).
   *
   * @param {{eventId: string, messageId: string, attempt: number, type: string}} message
   */
  async begin({ eventId, messageId, attempt, type }) {
    return this.inTurn(eventId, async () => {
      const decision = rules.onMessage(this.load(eventId), {
        messageId, attempt, type, now: Date.now(), leaseMs: PROCESSING_LEASE_MS,
      });
      if (decision.record) await this.store(eventId, decision.record);
      return { action: decision.action, retryInMs: decision.retryInMs };
    });
  }

  /** The handler returned: the event is done and never runs again. */
  async succeed({ eventId }) {
    return this.inTurn(eventId, () => this.store(eventId, rules.onSuccess(this.load(eventId), { now: Date.now() })));
  }

  /**
   * The handler threw: releases the lease for the Queue's next try.
   *
   * @param {{eventId: string, messageId: string, error: string}} failure
   */
  async fail({ eventId, messageId, error }) {
    return this.inTurn(eventId, async () => {
      const record = this.load(eventId);
      const next = rules.onFailure(record, { messageId, error, now: Date.now(), retentionMs: QUEUE_RETENTION_MS });
      if (next !== record) await this.store(eventId, next);
    });
  }

  /**
   * The dead-letter consumer got message `messageId`.
   *
   * @returns {Promise<{dead: boolean, runs: number, lastError: string | null}>}
   *   dead: the event is dead-lettered (also when this same dead letter was
   *   recorded before and is being retried)
   */
  async deadLetter({ eventId, messageId, type }) {
    return this.inTurn(eventId, async () => {
      const record = this.load(eventId);
      const { record: next, dead } = rules.onDeadLetter(record, { messageId, type, now: Date.now() });
      if (next !== record) await this.store(eventId, next);
      return { dead, runs: next?.runs ?? 0, lastError: next?.lastError ?? null };
    });
  }

  /** An event's record (undefined if never seen, or forgotten 30 days after it finished). */
  async inspect({ eventId }) {
    return this.load(eventId);
  }

  /** Once a day: forgets the events that finished more than 30 days ago (storage is billed). */
  async alarm() {
    this.sql.exec("DELETE FROM events WHERE status IN ('done', 'dead') AND updated_at < ?", Date.now() - REMEMBER_MS);
    if (this.sql.exec('SELECT 1 FROM events LIMIT 1').toArray().length > 0) {
      await this.ctx.storage.setAlarm(Date.now() + DAY);
    } else {
      this.alarmSet = false;
    }
  }

  load(eventId) {
    const [row] = this.sql.exec('SELECT record FROM events WHERE id = ?', eventId).toArray();
    return row ? JSON.parse(row.record) : undefined;
  }

  async store(eventId, record) {
    this.sql.exec(
      `INSERT INTO events (id, status, record, updated_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET status = excluded.status, record = excluded.record, updated_at = excluded.updated_at`,
      eventId, record.status, JSON.stringify(record), Date.now(),
    );
    if (this.alarmSet) return;
    if ((await this.ctx.storage.getAlarm()) === null) await this.ctx.storage.setAlarm(Date.now() + DAY);
    this.alarmSet = true;
  }

  /** Runs `work` after every earlier call for `eventId` has finished. */
  async inTurn(eventId, work) {
    const previous = this.turns.get(eventId);
    let done;
    const mine = new Promise((resolve) => { done = resolve; });
    this.turns.set(eventId, mine);
    try {
      if (previous) await previous;
      return await work();
    } finally {
      done();
      if (this.turns.get(eventId) === mine) this.turns.delete(eventId);
    }
  }
}

/** One line about an error, for records and logs (never a secret: events carry none). */
export function describe(error) {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return text.length > 500 ? `${text.slice(0, 497)}...` : text;
}
