// A CommonJS TypeScript consumer (module nodenext, a .cts file): `require`
// resolves the "node"+"require" condition, so its types come from the
// self-contained index.d.cts / verify.d.cts.
import callingbox = require('callingbox-webhooks');
import verifyOnly = require('callingbox-webhooks/verify');

declare const rawBody: string;
declare function use(...values: unknown[]): void;

const header: string = callingbox.signPayload(rawBody, 'whsec_test', { timestamp: 1767225600 });
const valid: boolean = verifyOnly.verifySignature(rawBody, header, 'whsec_test');
const event: callingbox.WebhookEvent = callingbox.constructEvent(rawBody, header, 'whsec_test');
const client = new callingbox.CallingBox({ apiKey: 'sk_test_x' });
use(valid, event, client);
try {
  verifyOnly.constructEvent(rawBody, header, 'whsec_test');
} catch (err) {
  if (err instanceof verifyOnly.WebhookVerificationError) {
    const code: verifyOnly.WebhookVerificationErrorCode = err.code;
    use(code);
  }
}

// @ts-expect-error the secret is a string, not a number
callingbox.signPayload(rawBody, 12345);
// @ts-expect-error the verify-only entry has no HTTP client
use(verifyOnly.CallingBox);
