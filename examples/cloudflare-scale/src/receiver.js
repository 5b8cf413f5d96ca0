// The Worker's two entry points, around the handler you pass in:
//
// fetch  verify the CallingBox-Signature, record the event in its ledger
//        object (which puts it on the Queue once), answer 202 in milliseconds;
//        a duplicate gets 200 and goes nowhere.
// queue  for each message: take the event's lease, run the handler, mark the
//        event done, ack. A failure releases the lease and retries the message
//        with exponential backoff; after max_retries the Queue moves it to the
//        dead-letter queue, whose consumer (this same function) marks the
//        event dead and calls onDeadLetter.
import { verifyRequest, WebhookVerificationError } from 'callingbox-webhooks/verify';
import { describe, ledgerFor } from './ledger.js';

// Queues accepts delays of at most 12 hours.
const MAX_DELAY_SECONDS = 12 * 60 * 60;
const DEFAULT_RETRY_BASE_SECONDS = 30;
// Tries to record "done" after the handler returned, before giving up.
const SUCCEED_TRIES = 3;

/**
 * @param {object} options
 * @param {(event: object, env: object) => Promise<void> | void} options.handleEvent
 *   your work for one verified event; throw to have it retried
 * @param {(event: object, env: object, death: {tries: number, lastError: string | null}) => Promise<void> | void} [options.onDeadLetter]
 *   called when an event used up its tries (default: log it)
 * @returns {{fetch: Function, queue: Function}} the Worker's default export
 */
export function createReceiver({ handleEvent, onDeadLetter = logDeadLetter }) {
  return {
    async fetch(request, env) {
      if (request.method !== 'POST') {
        return new Response('Method Not Allowed', { status: 405, headers: { Allow: 'POST' } });
      }
      // One secret, or "new,old" while you rotate: either one is accepted.
      const secrets = (env.CALLINGBOX_WEBHOOK_SECRET ?? '')
        .split(',')
        .map((secret) => secret.trim())
        .filter(Boolean);
      if (secrets.length === 0) throw new Error('CALLINGBOX_WEBHOOK_SECRET is not set');

      let event;
      try {
        event = await verifyRequest(request, secrets);
      } catch (err) {
        if (err instanceof WebhookVerificationError) return Response.json({ error: err.code }, { status: 400 });
        throw err;
      }

      // event.id is covered by the signature (the CallingBox-Event-Id header is not).
      let outcome;
      try {
        outcome = await ledgerFor(env, event.id).accept(event);
      } catch (err) {
        // The ledger is unreachable: CallingBox retries a 503 on its schedule
        // (about 42 hours), so the event is delayed, not lost.
        console.error(`ledger unavailable for ${event.type} ${event.id}: ${describe(err)}`);
        return Response.json({ error: 'ledger_unavailable' }, { status: 503 });
      }
      if (outcome.error) {
        console.error(`queue refused ${event.type} ${event.id}: ${outcome.error}`);
        return Response.json({ error: 'queue_unavailable' }, { status: 503 });
      }
      if (!outcome.queued) return Response.json({ received: true, duplicate: true });
      return Response.json({ received: true }, { status: 202 });
    },

    async queue(batch, env) {
      const consumer = batch.queue === env.DEAD_LETTER_QUEUE ? buryMessage : consumeMessage;
      await Promise.all(batch.messages.map((message) => consumer(message, env, { handleEvent, onDeadLetter })));
    },
  };
}

async function consumeMessage(message, env, { handleEvent }) {
  const event = message.body;
  const ledger = ledgerFor(env, event.id);
  let lease;
  try {
    lease = await ledger.begin({ messageId: message.id, attempt: message.attempts, type: event.type });
  } catch (err) {
    console.error(`ledger unavailable for ${event.type} ${event.id}: ${describe(err)}`);
    message.retry({ delaySeconds: backoffSeconds(env, message.attempts) });
    return;
  }
  if (lease.action === 'skip') {
    message.ack();
    return;
  }
  if (lease.action === 'wait') {
    message.retry({ delaySeconds: Math.min(MAX_DELAY_SECONDS, Math.max(1, Math.ceil(lease.retryInMs / 1000))) });
    return;
  }

  try {
    await handleEvent(event, env);
  } catch (err) {
    const error = describe(err);
    console.error(`try ${message.attempts} of ${event.type} ${event.id} failed: ${error}`);
    await ledger.fail({ messageId: message.id, error }).catch((ledgerError) =>
      console.error(`ledger unavailable for ${event.type} ${event.id}: ${describe(ledgerError)}`));
    message.retry({ delaySeconds: backoffSeconds(env, message.attempts) });
    return;
  }

  for (let tries = 1; ; tries += 1) {
    try {
      await ledger.succeed();
      break;
    } catch (err) {
      if (tries === SUCCEED_TRIES) {
        // The handler did its work; retrying the message would run it again.
        // Ack, and say loudly that the ledger does not know: a copy arriving
        // after the lease expires (16 min) would run it a second time.
        console.error(`handled ${event.type} ${event.id} but could not record it: ${describe(err)}`);
        break;
      }
    }
  }
  message.ack();
}

async function buryMessage(message, env, { onDeadLetter }) {
  const event = message.body;
  try {
    const death = await ledgerFor(env, event.id).deadLetter({ messageId: message.id, type: event.type });
    if (death.dead) await onDeadLetter(event, env, { tries: death.runs, lastError: death.lastError });
    message.ack();
  } catch (err) {
    console.error(`dead letter ${event.type} ${event.id} not recorded yet: ${describe(err)}`);
    message.retry({ delaySeconds: 60 });
  }
}

/** base, 2 base, 4 base... seconds for try 1, 2, 3... (RETRY_BASE_SECONDS, default 30). */
function backoffSeconds(env, attempt) {
  const configured = Number(env.RETRY_BASE_SECONDS);
  const base = Number.isFinite(configured) && configured >= 0 ? configured : DEFAULT_RETRY_BASE_SECONDS;
  return Math.min(MAX_DELAY_SECONDS, Math.round(base * 2 ** (attempt - 1)));
}

function logDeadLetter(event, env, { tries, lastError }) {
  console.error(`dead-lettered ${event.type} ${event.id} after ${tries} tries: ${lastError}`);
}
