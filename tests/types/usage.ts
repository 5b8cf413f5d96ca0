// Type tests for the main entry, compiled with `tsc --strict --noEmit`
// against the installed tarball (see types.test.mjs). Every line under a
// `// @ts-expect-error` must be an error: if it ever compiles, tsc reports
// the directive as unused and the test fails. Nothing here runs.
import {
  ApiError,
  CallingBox,
  CallingBoxError,
  ConnectionError,
  RateLimitError,
  ValidationError,
  WebhookVerificationError,
  Webhooks,
  constructEvent,
  createWebhookEndpoint,
  signPayload,
  verifyRequest,
  verifySignature,
  type ClientOptions,
  type SignOptions,
  type VerifyOptions,
  type WebhookEndpoint,
  type WebhookEndpointWithSecret,
  type WebhookEvent,
  type WebhookEventType,
  type WebhookVerificationErrorCode,
} from 'callingbox-webhooks';

declare const rawBody: string;
declare const rawBytes: Uint8Array;
declare const rawBuffer: ArrayBuffer;
declare const header: string | null | undefined;
declare const request: Request;
declare function use(...values: unknown[]): void;

// --- signPayload / verifySignature -----------------------------------------

const signed: string = signPayload(rawBody, 'whsec_test', { timestamp: 1767225600 });
signPayload(rawBytes, 'whsec_test');
signPayload(rawBuffer, 'whsec_test', null);
const signOptions: SignOptions = { timestamp: 1767225600 };
const valid: boolean = verifySignature(rawBody, signed, 'whsec_test');
verifySignature(rawBytes, header, ['whsec_old', 'whsec_new'], { toleranceSeconds: 600, now: 1767225600 });
verifySignature(rawBuffer, undefined, 'whsec_test', null);
const verifyOptions: VerifyOptions = { toleranceSeconds: 0 };
use(signOptions, valid, verifyOptions);

// @ts-expect-error the secret is a string, not a number
signPayload(rawBody, 12345);
// @ts-expect-error signPayload signs with one secret, not a list
signPayload(rawBody, ['whsec_a', 'whsec_b']);
// @ts-expect-error misspelled option: it is `timestamp`
signPayload(rawBody, 'whsec_test', { timeStamp: 1767225600 });
// @ts-expect-error the timestamp is unix seconds as a number, not a Date
signPayload(rawBody, 'whsec_test', { timestamp: new Date() });
// @ts-expect-error the secret is a string, not a number
verifySignature(rawBody, signed, 42);
// @ts-expect-error misspelled option: it is `toleranceSeconds`
verifySignature(rawBody, signed, 'whsec_test', { tolerance: 300 });
// @ts-expect-error a parsed body is not a payload: pass the raw bytes
verifySignature({ id: 'evt_1' }, signed, 'whsec_test');
// @ts-expect-error the secret is required
verifySignature(rawBody, signed);
// @ts-expect-error verifySignature answers a boolean, not an event
const notAnEvent: WebhookEvent = verifySignature(rawBody, signed, 'whsec_test');
use(notAnEvent);

// --- constructEvent and event.type -----------------------------------------

const event: WebhookEvent = constructEvent(rawBody, header, 'whsec_test');
constructEvent(rawBytes, header, ['whsec_old', 'whsec_new'], { toleranceSeconds: 60 });
const id: string = event.id;
const created: number = event.created;
use(id, created);

// `type` is `WebhookEventType | (string & {})`: an event of a type newer than
// this package still verifies and arrives as sent. So comparing with a
// literal does not narrow it to the union (`(string & {})` stays); a type
// guard does, and then a switch over the union is exhaustive.
const KNOWN_TYPES: readonly string[] = [
  'call.queued', 'call.ringing', 'call.answered', 'call.completed',
  'call.failed', 'call.no_answer', 'call.busy', 'call.canceled',
] satisfies readonly WebhookEventType[];
function isKnownType(type: string): type is WebhookEventType {
  return KNOWN_TYPES.includes(type);
}
if (isKnownType(event.type)) {
  const narrowed: WebhookEventType = event.type;
  switch (event.type) {
    case 'call.queued':
    case 'call.ringing':
    case 'call.answered':
      break;
    case 'call.completed': {
      const result: Record<string, unknown> | null = event.data.call.result;
      use(result);
      break;
    }
    case 'call.failed':
    case 'call.no_answer':
    case 'call.busy':
    case 'call.canceled':
      use(event.data.call.error_code);
      break;
    default: {
      const nothing: never = event.type;
      use(nothing);
    }
  }
  use(narrowed);
} else {
  // A type newer than this package, as a string.
  use(event.type.toUpperCase());
}
if (event.type === 'call.completed') {
  // @ts-expect-error comparing with a literal leaves `(string & {})` in the type
  const notNarrowed: 'call.completed' = event.type;
  use(notNarrowed);
}
// Known types are the union: a typo in a WebhookEventType is rejected.
const known: WebhookEventType = 'call.answered';
// @ts-expect-error 'call.done' is not a WebhookEventType
const typo: WebhookEventType = 'call.done';
// @ts-expect-error event.type may be a type newer than this package, so it is wider than the union
const tooNarrow: WebhookEventType = event.type;
// @ts-expect-error type is not a number
const typeAsNumber: number = event.type;
use(known, typo, tooNarrow, typeAsNumber);
// Fields the package does not know are kept, as unknown.
const extra: unknown = event.data.call['carrier'];
use(extra);
// @ts-expect-error an unknown call field is `unknown`, not a string
const extraAsString: string = event.data.call['carrier'];
use(extraAsString);

// --- verifyRequest / Webhooks ------------------------------------------------

async function handle(): Promise<Response> {
  const fromRequest: WebhookEvent = await verifyRequest(request, 'whsec_test');
  await verifyRequest(request.clone(), ['whsec_old', 'whsec_new'], { toleranceSeconds: 300 });
  // @ts-expect-error verifyRequest is async: await it
  const notAwaited: WebhookEvent = verifyRequest(request, 'whsec_test');
  // @ts-expect-error verifyRequest takes a Request, not a body
  await verifyRequest(rawBody, 'whsec_test');
  use(notAwaited);
  return new Response(fromRequest.id);
}
use(handle);

const sameAsSdk: WebhookEvent = Webhooks.constructEvent(rawBody, header, 'whsec_test');
use(sameAsSdk);
// @ts-expect-error Webhooks only has static methods
new Webhooks();

// --- error classes -----------------------------------------------------------

try {
  constructEvent(rawBody, header, 'whsec_test');
} catch (err) {
  if (err instanceof WebhookVerificationError) {
    const code: WebhookVerificationErrorCode = err.code;
    const asBase: CallingBoxError = err;
    const asError: Error = err;
    use(code, asBase, asError, err.message, err.name);
    switch (err.code) {
      case 'missing_header':
      case 'malformed_header':
      case 'timestamp_out_of_tolerance':
      case 'no_matching_signature':
      case 'invalid_payload':
      case 'payload_not_raw':
      case 'payload_too_large':
        break;
      default: {
        // Exhaustive: nothing is left of the union.
        const nothing: never = err.code;
        use(nothing);
      }
    }
    // @ts-expect-error 'bad_signature' is not a WebhookVerificationErrorCode
    if (err.code === 'bad_signature') use(err);
    // @ts-expect-error code is read-only
    err.code = 'missing_header';
  }
  if (err instanceof ValidationError) {
    const param: string | null = err.param;
    use(param);
  }
  if (err instanceof RateLimitError) {
    const status: number = err.status;
    const retryAfterMs: number | null = err.retryAfterMs;
    const asApiError: ApiError = err;
    use(status, retryAfterMs, asApiError);
  }
  if (err instanceof ConnectionError) {
    const outcomeUnknown: boolean = err.outcomeUnknown;
    use(outcomeUnknown);
  }
  // @ts-expect-error a caught value is unknown until narrowed
  use(err.code);
}

// --- the HTTP client -----------------------------------------------------------

async function manage(): Promise<void> {
  const options: ClientOptions = { apiKey: 'sk_test_x', baseUrl: 'http://127.0.0.1:4010', maxRetries: 0, timeoutMs: 5000 };
  const client = new CallingBox(options);
  const endpoint: WebhookEndpointWithSecret = await client.webhookEndpoints.create({
    url: 'https://example.com/hooks',
    enabled_events: ['call.completed', 'call.failed'],
  });
  const secret: string = endpoint.signing_secret;
  const listed: WebhookEndpoint[] = await client.webhookEndpoints.list();
  const oneShot: WebhookEndpointWithSecret = await createWebhookEndpoint({ url: 'https://example.com/hooks' }, options);
  use(secret, listed, oneShot);
  // @ts-expect-error misspelled client option: it is `apiKey`
  new CallingBox({ apiKEY: 'sk_test_x' });
  // @ts-expect-error 'call.done' is not an event type
  await client.webhookEndpoints.create({ url: 'https://example.com/hooks', enabled_events: ['call.done'] });
  // @ts-expect-error `url` is required
  await createWebhookEndpoint({ description: 'no url' });
  // @ts-expect-error listed endpoints never carry the signing secret
  use(listed[0]?.signing_secret);
}
use(manage);
