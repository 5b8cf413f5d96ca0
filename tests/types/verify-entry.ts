// Type tests for the verify-only entry `callingbox-webhooks/verify`: the same
// verification API, no HTTP client.
import {
  WebhookVerificationError,
  constructEvent,
  signPayload,
  verifyRequest,
  verifySignature,
  type WebhookEvent,
  type WebhookEventType,
  type WebhookVerificationErrorCode,
} from 'callingbox-webhooks/verify';
// @ts-expect-error the verify-only entry has no HTTP client
import { CallingBox } from 'callingbox-webhooks/verify';

declare const rawBody: string;
declare const request: Request;
declare function use(...values: unknown[]): void;

const header: string = signPayload(rawBody, 'whsec_test', { timestamp: 1767225600 });
const valid: boolean = verifySignature(rawBody, header, 'whsec_test', { toleranceSeconds: 300 });
const event: WebhookEvent = constructEvent(rawBody, header, 'whsec_test');
// @ts-expect-error event.type may be a type newer than this package, so it is wider than the union
const tooNarrow: WebhookEventType = event.type;
const wide: string = event.type;
use(tooNarrow, wide);
async function handle(): Promise<string> {
  try {
    return (await verifyRequest(request, 'whsec_test')).id;
  } catch (err) {
    if (err instanceof WebhookVerificationError) {
      const code: WebhookVerificationErrorCode = err.code;
      return code;
    }
    throw err;
  }
}
use(valid, handle, CallingBox);

// @ts-expect-error the secret is a string, not a number
verifySignature(rawBody, header, 42);
// @ts-expect-error misspelled option: it is `toleranceSeconds`
constructEvent(rawBody, header, 'whsec_test', { toleranceSecs: 300 });
