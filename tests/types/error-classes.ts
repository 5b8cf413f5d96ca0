// The error classes as user code constructs them, e.g. as test doubles for
// code that catches them. errors.js defines each constructor as
// `(message, props)` and copies the documented props onto the instance, so
// the declarations should accept the same arguments.
import {
  ApiError,
  ConnectionError,
  RateLimitError,
  ValidationError,
  WebhookVerificationError,
  type WebhookVerificationErrorCode,
} from 'callingbox-webhooks';

declare function use(...values: unknown[]): void;

const verification = new WebhookVerificationError('no CallingBox-Signature header', { code: 'missing_header' });
const code: WebhookVerificationErrorCode = verification.code;
const validation = new ValidationError('url must be https', { param: 'url' });
const api = new ApiError('not found', { status: 404, code: 'not_found', requestId: 'req_1', headers: {} });
const limited = new RateLimitError('slow down', { status: 429, retryAfterMs: 1000 });
const offline = new ConnectionError('connection refused', { outcomeUnknown: false, cause: new Error('ECONNREFUSED') });
use(code, validation, api, limited, offline);

// @ts-expect-error 'bad_signature' is not a WebhookVerificationErrorCode
new WebhookVerificationError('m', { code: 'bad_signature' });
