// Importing both entries is enough to make tsc check their declarations
// (skipLibCheck is off for this file's project).
import { signPayload } from 'callingbox-webhooks';
import { verifySignature } from 'callingbox-webhooks/verify';

export const valid: boolean = verifySignature('{}', signPayload('{}', 'whsec_test'), 'whsec_test');
