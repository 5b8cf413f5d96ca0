// `callingbox-webhooks sign --secret <s> [--timestamp N] < body`: prints a
// CallingBox-Signature header value for the body, made by the package's wasm.
import { UsageError, parseFlags, secretsFrom } from './args.js';
import { readStdin } from './output.js';
import { loadVerify } from './wasm.js';

export const usage = 'callingbox-webhooks sign --secret <whsec_...> [--timestamp <unix seconds>] [--json] < body';
export const summary = 'print a CallingBox-Signature header for the raw body on stdin';
export const help = `Usage: ${usage}

Signs the exact bytes on stdin as CallingBox does (HMAC-SHA256 over
"<t>.<body>", keyed with the whole secret) and prints the header value,
t=<timestamp>,v1=<hex>. For example:

  curl -X POST http://127.0.0.1:3000/webhooks --data-binary @event.json \\
    -H "Content-Type: application/json" \\
    -H "CallingBox-Signature: $(npx callingbox-webhooks sign --secret "$SECRET" < event.json)"

  --secret S        the signing secret (default: CALLINGBOX_WEBHOOK_SECRET); never printed
  --timestamp N     sign with this t, in unix seconds (default: now)
  --json            print {"header": "...", "timestamp": N}`;

const FLAGS = { secret: { value: true, repeat: true }, timestamp: { value: true }, json: {} };

export async function run(argv, { stdout, stdin, env }) {
  const { flags } = parseFlags(argv, { flags: FLAGS });
  const secrets = secretsFrom(flags, env);
  if (secrets.length > 1) throw new UsageError('sign takes one --secret (a delivery is signed with the current secret only)');
  let timestamp = Math.floor(Date.now() / 1000);
  if (flags.timestamp !== undefined) {
    if (!/^\d{1,15}$/.test(flags.timestamp)) throw new UsageError(`--timestamp must be unix seconds (digits only), got ${flags.timestamp}`);
    timestamp = Number(flags.timestamp);
  }
  const body = await readStdin(stdin, UsageError);
  const { signPayload } = await loadVerify();
  const header = signPayload(body, secrets[0], { timestamp });
  stdout.write(flags.json ? `${JSON.stringify({ header, timestamp })}\n` : `${header}\n`);
  return 0;
}
