// Type tests for callingbox-webhooks/router, compiled with `tsc --strict
// --noEmit` against the installed tarball (see types.test.mjs). Every line
// under a `// @ts-expect-error` must be an error. Nothing here runs.
import {
  DEFAULT_BODY_LIMIT,
  MemoryIdempotencyStore,
  WebhookHandlerError,
  Webhooks,
  webhookEventTypes,
  type DeliveryRequest,
  type IdempotencyClaim,
  type IdempotencyStore,
  type ReceiveResult,
  type WebhookAnswer,
  type WebhookEventOf,
  type WebhooksOptions,
} from 'callingbox-webhooks/router';
import { WebhookVerificationError, type WebhookEvent, type WebhookEventType } from 'callingbox-webhooks/verify';

declare const request: Request;
declare function use(...values: unknown[]): void;

const webhooks = new Webhooks({ secret: 'whsec_test' });
new Webhooks({ secret: ['whsec_new', 'whsec_old'], toleranceSeconds: 600, bodyLimit: 64 * 1024, idempotency: false, log: console });
const options: WebhooksOptions = { secret: 'whsec_test', idempotency: new MemoryIdempotencyStore({ maxEntries: 100 }) };
use(options, DEFAULT_BODY_LIMIT satisfies number);

// --- on(): the event is narrowed to the type it was registered for ----------

webhooks.on('call.completed', (event) => {
  const type: 'call.completed' = event.type;
  const callId: string = event.data.call.id;
  const id: string = event.id;
  use(type, callId, id, event.data.call.result);
  // @ts-expect-error a call.completed handler never sees a call.failed event
  const failed: 'call.failed' = event.type;
  use(failed);
});

webhooks.on(['call.failed', 'call.no_answer', 'call.busy'], async (event) => {
  const type: 'call.failed' | 'call.no_answer' | 'call.busy' = event.type;
  use(type);
  // @ts-expect-error 'call.completed' is not among the registered types
  if (event.type === 'call.completed') use(event);
});

const typed: WebhookEventOf<'call.answered'> = {} as WebhookEvent & { type: 'call.answered' };
use(typed);

// @ts-expect-error 'call.complete' is not an event type (it is call.completed)
webhooks.on('call.complete', () => {});
// @ts-expect-error '*' is onAny's, not on's
webhooks.on('*', () => {});
// @ts-expect-error 'error' is onError's, not on's
webhooks.on('error', () => {});
// @ts-expect-error the handler must be a function
webhooks.on('call.completed', 'handler');

// --- onAny, onError, removeListener ------------------------------------------

webhooks.onAny((event) => {
  // Types newer than this package arrive too.
  const type: WebhookEventType | (string & {}) = event.type;
  use(type);
  // @ts-expect-error onAny's event is not narrowed to one type
  const completed: 'call.completed' = event.type;
  use(completed);
});

const onFailure = (error: WebhookHandlerError | WebhookVerificationError) => {
  if (error instanceof WebhookHandlerError) use(error.errors, error.event.id);
  else use(error.code);
};
webhooks.onError(onFailure);
const onCompleted = (event: WebhookEventOf<'call.completed'>) => use(event);
webhooks
  .on('call.completed', onCompleted)
  .removeListener('call.completed', onCompleted)
  .removeListener('error', onFailure)
  .removeListener('*', onFailure);
// @ts-expect-error 'call.complete' is not an event type
webhooks.removeListener('call.complete', onCompleted);

// --- receiving and answering ------------------------------------------------

async function receiving(event: WebhookEvent, raw: string, header: string | null) {
  const received: ReceiveResult = await webhooks.receive(event);
  const status: 'processed' | 'duplicate' | 'in_progress' = received.status;
  const again: ReceiveResult = await webhooks.verifyAndReceive(raw, header);
  const response: Response = await webhooks.handle(request);
  const delivery: DeliveryRequest = { method: 'POST', headers: new Headers(), arrayBuffer: async () => new Uint8Array(0) };
  const answer: WebhookAnswer = await webhooks.answer(delivery);
  const ok: boolean = webhooks.verify(raw, header);
  const signature: string = webhooks.sign(raw, { timestamp: 1767225600 });
  const fromTheSdk: WebhookEvent = Webhooks.constructEvent(raw, header, 'whsec_test');
  use(status, again, response, answer.status, answer.body, ok, signature, fromTheSdk);
  // @ts-expect-error receive takes a verified event, not the raw body
  await webhooks.receive(raw);
}
use(receiving);

// --- the event type list is the Rust model's, both ways ---------------------

type Missing = Exclude<WebhookEventType, (typeof webhookEventTypes)[number]>;
const noneMissing: [Missing] extends [never] ? true : false = true;
const everyListedIsKnown: (typeof webhookEventTypes)[number] extends WebhookEventType ? true : false = true;
use(noneMissing, everyListedIsKnown);

// --- idempotency stores -----------------------------------------------------

const shared: IdempotencyStore = {
  async claim(id: string): Promise<IdempotencyClaim> {
    use(id);
    return 'claimed';
  },
  complete() {},
  release: async () => {},
};
new Webhooks({ secret: 'whsec_test', idempotency: shared });
const memory: IdempotencyStore = new MemoryIdempotencyStore();
use(memory, new MemoryIdempotencyStore().size);

// @ts-expect-error claim answers claimed, processed or in_progress
new Webhooks({ secret: 'whsec_test', idempotency: { claim: () => 'yes', complete() {}, release() {} } });
// @ts-expect-error a store needs release()
new Webhooks({ secret: 'whsec_test', idempotency: { claim: () => 'claimed' as const, complete() {} } });
// @ts-expect-error idempotency is a store or false, not true
new Webhooks({ secret: 'whsec_test', idempotency: true });
// @ts-expect-error the secret is required
new Webhooks({});
// @ts-expect-error misspelled option: it is toleranceSeconds
new Webhooks({ secret: 'whsec_test', tolerance: 600 });
