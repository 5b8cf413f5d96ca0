// Plausible call objects for `data.call`. The field list follows the official
// Python SDK 0.1.0 (`types/call.py`); the values are invented but consistent
// with the event: fields fill in as the call progresses (started_at from
// ringing, answered_at from answered, ended_at/durations/result on the
// terminal event).
import { newId, rfc3339 } from './util.js';

export const OUTCOMES = Object.freeze(['completed', 'failed', 'no_answer', 'busy', 'canceled']);

// The events each outcome plays, in order; exactly one terminal event each.
const LIFECYCLES = {
  completed: ['call.queued', 'call.ringing', 'call.answered', 'call.completed'],
  failed: ['call.queued', 'call.ringing', 'call.failed'],
  no_answer: ['call.queued', 'call.ringing', 'call.no_answer'],
  busy: ['call.queued', 'call.ringing', 'call.busy'],
  canceled: ['call.queued', 'call.canceled'],
};

// Seconds after the call was created at which each stage happens.
const STAGE_OFFSET = {
  'call.queued': 0,
  'call.ringing': 2,
  'call.answered': 7,
  'call.completed': 49, // 42 s of conversation
  'call.failed': 3,
  'call.no_answer': 32, // rang for 30 s
  'call.busy': 4,
  'call.canceled': 1,
};

const TERMINAL = {
  completed: {
    status: 'completed', result_status: 'completed', result_error: null,
    reservation_status: 'settled', error_code: null, error_message: null,
    hangup_cause: 'normal_clearing',
  },
  failed: {
    status: 'failed', result_status: 'failed', result_error: 'the call could not be connected',
    reservation_status: 'released', error_code: 'carrier_rejected',
    error_message: 'The carrier rejected the call.', hangup_cause: 'call_rejected',
  },
  no_answer: {
    status: 'no_answer', result_status: 'failed', result_error: 'the call was not answered',
    reservation_status: 'released', error_code: 'no_answer',
    error_message: 'The callee did not answer.', hangup_cause: 'no_answer',
  },
  busy: {
    status: 'busy', result_status: 'failed', result_error: 'the line was busy',
    reservation_status: 'released', error_code: 'busy',
    error_message: 'The line was busy.', hangup_cause: 'user_busy',
  },
  canceled: {
    status: 'canceled', result_status: 'failed', result_error: 'the call was canceled',
    reservation_status: 'released', error_code: 'canceled',
    error_message: 'The call was canceled before it was answered.', hangup_cause: 'originator_cancel',
  },
};

/** The events played for an outcome. */
export const lifecycleFor = (outcome) => LIFECYCLES[outcome];

/** The stages a call went through up to and including `eventType`. */
function stagesUntil(eventType) {
  const outcome = outcomeOf(eventType);
  const path = LIFECYCLES[outcome ?? 'completed'];
  return path.slice(0, path.indexOf(eventType) + 1);
}

const outcomeOf = (eventType) => {
  const name = eventType.slice('call.'.length);
  return name in TERMINAL ? name : null;
};

/**
 * The call as seen in the `eventType` event. `createdMs` anchors the
 * timeline; `overrides` (caller-given fields) replace generated ones
 * shallowly, at every stage.
 */
export function callSnapshot(eventType, { callId, createdMs, overrides = {} }) {
  const stages = stagesUntil(eventType);
  const at = (stage) => rfc3339(createdMs + STAGE_OFFSET[stage] * 1000);
  const outcome = outcomeOf(eventType);
  const answered = stages.includes('call.answered');
  const durationSeconds = answered && outcome ? STAGE_OFFSET[eventType] - STAGE_OFFSET['call.answered'] : 0;
  const billedSeconds = Math.ceil(durationSeconds / 60) * 60;

  const call = {
    id: callId,
    to_number: '+14155550123',
    from_number: '+14155550100',
    status: outcome ? TERMINAL[outcome].status : eventType === 'call.answered' ? 'in_progress' : eventType.slice(5),
    direction: 'outbound',
    prompt: 'Confirm the dental appointment for tomorrow at 10:00 and ask whether the patient needs parking.',
    context: { patient_name: 'Alex Doe', appointment_time: '10:00' },
    returns: { confirmed: 'boolean', needs_parking: 'boolean' },
    result: outcome === 'completed' ? { confirmed: true, needs_parking: false } : null,
    result_status: outcome ? TERMINAL[outcome].result_status : 'pending',
    result_error: outcome ? TERMINAL[outcome].result_error : null,
    webhook_url: null,
    tools: null,
    webhook_status: 'pending',
    webhook_error: null,
    created_at: at('call.queued'),
    started_at: stages.includes('call.ringing') ? at('call.ringing') : null,
    answered_at: answered ? at('call.answered') : null,
    ended_at: outcome ? at(eventType) : null,
    duration_seconds: outcome ? durationSeconds : null,
    billed_duration_seconds: outcome ? billedSeconds : null,
    billing_amount_milli_cents: outcome ? billedSeconds * 25 : null,
    reservation_status: outcome ? TERMINAL[outcome].reservation_status : 'reserved',
    error_code: outcome ? TERMINAL[outcome].error_code : null,
    error_message: outcome ? TERMINAL[outcome].error_message : null,
    hangup_cause: outcome ? TERMINAL[outcome].hangup_cause : null,
    metadata: { language: 'en-US' },
    updated_at: at(eventType),
  };
  return { ...call, ...overrides };
}

/** Seconds from call creation to the given event, to anchor timelines at "now". */
export const stageOffsetMs = (eventType) => STAGE_OFFSET[eventType] * 1000;

export const newCallId = () => newId();

/**
 * One event happening at `nowMs`: its call as of that stage (the call's
 * timeline anchored so that this stage is now) and the event's time.
 */
export function eventAt(type, { overrides = {}, nowMs = Date.now() } = {}) {
  const call = callSnapshot(type, { callId: overrides.id ?? newCallId(), createdMs: nowMs - stageOffsetMs(type), overrides });
  return { type, call, createdMs: nowMs };
}

/**
 * A whole call's events for `outcome`, in order, sharing one call id; the
 * timeline ends at `nowMs` (the terminal event) and each event's time is
 * its stage's.
 */
export function lifecycleEvents(outcome, { overrides = {}, nowMs = Date.now() } = {}) {
  const callId = overrides.id ?? newCallId();
  const types = lifecycleFor(outcome);
  const createdMs = nowMs - stageOffsetMs(types.at(-1));
  return types.map((type) => ({
    type,
    call: callSnapshot(type, { callId, createdMs, overrides }),
    createdMs: createdMs + stageOffsetMs(type),
  }));
}
