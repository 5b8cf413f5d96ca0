// TypeScript's old node10 resolution (moduleResolution "node"), which ignores
// package exports: the main entry's types come from package.json "types" and
// callingbox-webhooks/verify's from verify.d.ts, the file TypeScript tries before the verify/ folder.
import { CallingBox, signPayload } from 'callingbox-webhooks';
import { WebhookVerificationError, constructEvent, verifySignature } from 'callingbox-webhooks/verify';

declare function use(...values: unknown[]): void;

const header: string = signPayload('{}', 'whsec_test');
const valid: boolean = verifySignature('{}', header, 'whsec_test');
try {
  constructEvent('{}', header, 'whsec_test');
} catch (err) {
  if (err instanceof WebhookVerificationError) use(err.code);
}
use(valid, new CallingBox({ apiKey: 'sk_test_x' }));
// @ts-expect-error the verify-only entry has no HTTP client
import('callingbox-webhooks/verify').then((m) => m.CallingBox);
