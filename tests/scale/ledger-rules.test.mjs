// The ledger's rules (examples/cloudflare-scale/src/ledger-rules.js) for
// every race the scale example meets: a duplicate delivery while the first
// copy is queued, processing, done or dead-lettered; a redelivery after
// done; a consumer retry after a lease expired. The rules are pure, so each
// race is the sequence of calls it makes, with the clock given.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { EXAMPLE } from './lib/example.mjs';

const rules = await import(pathToFileURL(join(EXAMPLE, 'src', 'ledger-rules.js')).href);
const { onDelivery, enqueued, onMessage, onSuccess, onFailure, onDeadLetter } = rules;

const MIN = 60_000;
const RETENTION = 4 * 24 * 60 * MIN;
const LEASE = 16 * MIN;
const T0 = 1_800_000_000_000;

/** One event's record, driven through the rules as the Worker would. */
function ledger() {
  let record;
  return {
    get record() { return record; },
    deliver(now) {
      const verdict = onDelivery(record, now);
      if (verdict === 'enqueue') record = enqueued(record, { type: 'call.completed', now, retentionMs: RETENTION });
      return verdict;
    },
    message(messageId, attempt, now) {
      const decision = onMessage(record, { messageId, attempt, now, leaseMs: LEASE, type: 'call.completed' });
      if (decision.record) record = decision.record;
      return decision;
    },
    succeed(now) { record = onSuccess(record, { now }); },
    fail(messageId, now) { record = onFailure(record, { messageId, error: 'Error: boom', now, retentionMs: RETENTION }); },
    deadLetter(messageId, now) {
      const result = onDeadLetter(record, { messageId, now, type: 'call.completed' });
      record = result.record;
      return result.dead;
    },
  };
}

describe('A delivery of an event', () => {
  it('is queued the first time it arrives', () => {
    const event = ledger();
    assert.equal(event.deliver(T0), 'enqueue');
    assert.equal(event.record.status, 'queued');
    assert.equal(event.record.enqueues, 1);
  });

  it('is a duplicate while the first copy waits on the Queue', () => {
    const event = ledger();
    event.deliver(T0);
    assert.equal(event.deliver(T0 + MIN), 'duplicate');
    assert.equal(event.record.enqueues, 1);
  });

  it('is queued again when the first copy has waited longer than the Queue keeps messages', () => {
    const event = ledger();
    event.deliver(T0);
    assert.equal(event.deliver(T0 + RETENTION + 1), 'enqueue');
    assert.equal(event.record.enqueues, 2);
  });

  it('is a duplicate while a consumer holds a live lease on it', () => {
    const event = ledger();
    event.deliver(T0);
    event.message('m1', 1, T0 + 10);
    assert.equal(event.deliver(T0 + 20), 'duplicate');
  });

  it('is queued again once the lease of a consumer that died has expired', () => {
    const event = ledger();
    event.deliver(T0);
    event.message('m1', 1, T0 + 10);
    assert.equal(event.deliver(T0 + 10 + LEASE), 'enqueue');
  });

  it('is a duplicate after the event was handled, however late it comes', () => {
    const event = ledger();
    event.deliver(T0);
    event.message('m1', 1, T0 + 10);
    event.succeed(T0 + 20);
    assert.equal(event.deliver(T0 + 30), 'duplicate');
    assert.equal(event.deliver(T0 + 29 * 24 * 60 * MIN), 'duplicate');
  });

  it('is queued again after the event was dead-lettered, for a replay once the handler is fixed', () => {
    const event = ledger();
    event.deliver(T0);
    event.message('m1', 5, T0 + 10);
    event.fail('m1', T0 + 20);
    assert.equal(event.deadLetter('m1', T0 + 30), true);
    assert.equal(event.deliver(T0 + 40), 'enqueue');
    assert.equal(event.record.status, 'queued');
    assert.equal(event.record.deadAt, null);
  });

  it('leaves a record the consumer already took as it is when the send is confirmed late', () => {
    const taken = onMessage(undefined, { messageId: 'm1', attempt: 1, now: T0, leaseMs: LEASE, type: 'call.completed' }).record;
    const confirmed = enqueued(taken, { type: 'call.completed', now: T0 + 1, retentionMs: RETENTION });
    assert.equal(confirmed.status, 'processing');
    assert.deepEqual(confirmed.owner, taken.owner);
    assert.equal(onSuccess(confirmed, { now: T0 + 2 }).status, 'done');
  });
});

describe('A queue message of an event', () => {
  it('runs the handler when the event is queued, and takes a lease that outlives the consumer time limit', () => {
    const event = ledger();
    event.deliver(T0);
    const decision = event.message('m1', 1, T0 + 5);
    assert.equal(decision.action, 'run');
    assert.deepEqual(event.record.owner, { messageId: 'm1', attempt: 1, until: T0 + 5 + LEASE });
    assert.ok(LEASE > 15 * MIN);
    assert.equal(event.record.runs, 1);
  });

  it('runs the handler when the ledger has no record (the delivery was recorded after the send, then lost)', () => {
    assert.equal(ledger().message('m1', 1, T0).action, 'run');
  });

  it('is skipped (acked) once the event is done, so a redelivered or duplicated message never runs it again', () => {
    const event = ledger();
    event.deliver(T0);
    event.message('m1', 1, T0 + 1);
    event.succeed(T0 + 2);
    assert.equal(event.message('m1', 2, T0 + 3).action, 'skip');
    assert.equal(event.message('m2', 1, T0 + 4).action, 'skip');
    assert.equal(event.record.runs, 1);
  });

  it('is skipped when another message holds a live lease: that one stays on the Queue until it finishes or dead-letters', () => {
    const event = ledger();
    event.deliver(T0);
    event.message('m1', 1, T0 + 1);
    assert.equal(event.message('m2', 1, T0 + 2).action, 'skip');
    assert.equal(event.record.owner.messageId, 'm1');
  });

  it('takes over the lease of another message once it expired (that consumer died), and the late original is then skipped', () => {
    const event = ledger();
    event.deliver(T0);
    event.message('m1', 1, T0 + 1);
    const takeover = event.message('m2', 1, T0 + 1 + LEASE);
    assert.equal(takeover.action, 'run');
    assert.equal(event.record.owner.messageId, 'm2');
    assert.equal(event.message('m1', 2, T0 + 2 + LEASE).action, 'skip');
    event.succeed(T0 + 3 + LEASE);
    assert.equal(event.message('m1', 3, T0 + 4 + LEASE).action, 'skip');
    assert.equal(event.record.runs, 2);
  });

  it('takes its own lease back on a later try (the earlier try died without reporting)', () => {
    const event = ledger();
    event.deliver(T0);
    event.message('m1', 1, T0 + 1);
    const retry = event.message('m1', 2, T0 + 5000);
    assert.equal(retry.action, 'run');
    assert.deepEqual(event.record.owner, { messageId: 'm1', attempt: 2, until: T0 + 5000 + LEASE });
  });

  it('waits when the same try of the same message arrives twice, until the lease would end', () => {
    const event = ledger();
    event.deliver(T0);
    event.message('m1', 1, T0 + 1);
    assert.deepEqual(event.message('m1', 1, T0 + 1001), { action: 'wait', retryInMs: LEASE - 1000 });
  });

  it('runs the handler of an event that was dead-lettered when a stray copy comes (it never succeeded)', () => {
    const event = ledger();
    event.deliver(T0);
    event.message('m1', 1, T0 + 1);
    event.deadLetter('m1', T0 + 2);
    assert.equal(event.message('m2', 1, T0 + 3).action, 'run');
  });
});

describe('A handler outcome', () => {
  it('done stays done, with the time of the first success', () => {
    const event = ledger();
    event.deliver(T0);
    event.message('m1', 1, T0 + 1);
    event.succeed(T0 + 2);
    event.succeed(T0 + 9);
    assert.equal(event.record.status, 'done');
    assert.equal(event.record.doneAt, T0 + 2);
    assert.equal(event.record.owner, null);
  });

  it('a late success of a consumer whose lease was taken over still marks the event done (it did the work)', () => {
    const event = ledger();
    event.deliver(T0);
    event.message('m1', 1, T0 + 1);
    event.message('m2', 1, T0 + 1 + LEASE);
    event.succeed(T0 + 2 + LEASE);
    assert.equal(event.record.status, 'done');
    assert.equal(event.message('m2', 2, T0 + 3 + LEASE).action, 'skip');
  });

  it('a failure releases the lease, keeps the error and lets the next try run', () => {
    const event = ledger();
    event.deliver(T0);
    event.message('m1', 1, T0 + 1);
    event.fail('m1', T0 + 2);
    assert.equal(event.record.status, 'queued');
    assert.equal(event.record.owner, null);
    assert.equal(event.record.lastError, 'Error: boom');
    assert.equal(event.deliver(T0 + 3), 'duplicate', 'the failed message is still on the Queue');
    assert.equal(event.message('m1', 2, T0 + 30_000).action, 'run');
  });

  it('a failure reported by a message that no longer holds the lease changes nothing', () => {
    const event = ledger();
    event.deliver(T0);
    event.message('m1', 1, T0 + 1);
    event.message('m2', 1, T0 + 1 + LEASE);
    const before = event.record;
    event.fail('m1', T0 + 2 + LEASE);
    assert.equal(event.record, before);
    event.succeed(T0 + 3 + LEASE);
    event.fail('m2', T0 + 4 + LEASE);
    assert.equal(event.record.status, 'done');
  });
});

describe('A dead letter', () => {
  it('marks the event dead after its message used every try', () => {
    const event = ledger();
    event.deliver(T0);
    for (let attempt = 1; attempt <= 5; attempt += 1) {
      event.message('m1', attempt, T0 + attempt * 1000);
      event.fail('m1', T0 + attempt * 1000 + 1);
    }
    assert.equal(event.deadLetter('m1', T0 + 9000), true);
    assert.equal(event.record.status, 'dead');
    assert.equal(event.record.runs, 5);
    assert.equal(event.record.lastError, 'Error: boom');
  });

  it('marks the event dead when its consumer died on the last try (the lease is its own)', () => {
    const event = ledger();
    event.deliver(T0);
    event.message('m1', 5, T0 + 1);
    assert.equal(event.deadLetter('m1', T0 + 2), true);
  });

  it('is ignored when the event is done (a stray copy died)', () => {
    const event = ledger();
    event.deliver(T0);
    event.message('m1', 1, T0 + 1);
    event.succeed(T0 + 2);
    assert.equal(event.deadLetter('m2', T0 + 3), false);
    assert.equal(event.record.status, 'done');
  });

  it('is ignored while another message holds a live lease (it still has tries left)', () => {
    const event = ledger();
    event.deliver(T0);
    event.message('m2', 1, T0 + 1);
    assert.equal(event.deadLetter('m1', T0 + 2), false);
    assert.equal(event.record.status, 'processing');
  });

  it('seen again (its consumer retried) is dead again, so the dead-letter hook runs at least once; another one is not', () => {
    const event = ledger();
    event.deliver(T0);
    event.message('m1', 1, T0 + 1);
    event.fail('m1', T0 + 2);
    assert.equal(event.deadLetter('m1', T0 + 3), true);
    const first = event.record;
    assert.equal(event.deadLetter('m1', T0 + 4), true);
    assert.equal(event.record, first);
    assert.equal(event.deadLetter('m2', T0 + 5), false);
  });

  it('of an event the ledger never recorded (it was down on every try) still marks it dead', () => {
    const event = ledger();
    assert.equal(event.deadLetter('m1', T0), true);
    assert.equal(event.record.status, 'dead');
    assert.equal(event.deliver(T0 + 1), 'enqueue');
  });
});
