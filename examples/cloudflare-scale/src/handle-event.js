// Your work for one verified CallingBox event. It runs in the queue
// consumer, so it may be slow (up to 15 minutes) and it may throw: the
// Queue retries it with backoff, and after the last try the event goes to
// the dead-letter queue. Once it has returned, the event is never handled
// again. A try that throws halfway may run again, so make each step safe
// to repeat, or pass `event.id` as the idempotency key of what you call.
/**
 * @param {import('callingbox-webhooks/verify').WebhookEvent} event
 * @param {object} env the Worker's bindings
 */
export async function handleEvent(event, env) {
  const { call } = event.data;
  switch (event.type) {
    case 'call.completed':
      console.log(`call ${call.id} completed after ${call.duration_seconds} s`, JSON.stringify(call.result));
      break;
    case 'call.failed':
    case 'call.no_answer':
    case 'call.busy':
    case 'call.canceled':
      console.log(`call ${call.id} ended without a conversation: ${event.type}`);
      break;
    default:
      // call.queued, call.ringing, call.answered, and event types added
      // after this code was written: nothing to do.
      break;
  }
  console.log(`processed ${event.type} ${event.id}`);
}
