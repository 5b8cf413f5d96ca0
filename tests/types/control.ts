// A deliberate type error without @ts-expect-error: types.test.mjs checks
// that tsc rejects this file, proving the harness reports real errors.
import { signPayload } from 'callingbox-webhooks';

export const header: string = signPayload('{}', 12345);
