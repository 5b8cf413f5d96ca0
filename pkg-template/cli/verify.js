// `callingbox-webhooks verify --secret <s> --header <h> < body`: the verdict
// of the package's own verification on a saved request, with the error code
// and its explanation; exit status 0 valid, 1 invalid.
import { UsageError, parseFlags, secretsFrom } from './args.js';
import { palette, readStdin, wantsColor } from './output.js';
import { loadVerify } from './wasm.js';

export const usage = 'callingbox-webhooks verify --secret <whsec_...> --header <CallingBox-Signature> [--tolerance S] [--now T] [--json] < body';
export const summary = "check a saved request's CallingBox-Signature against the raw body on stdin";
export const help = `Usage: ${usage}

Runs constructEvent (the package's own wasm) on the exact bytes on stdin and
the header, and prints "valid" with the event's type and id, or "invalid"
with the error code (missing_header, malformed_header,
timestamp_out_of_tolerance, no_matching_signature, invalid_payload) and what
to check. Exit status 0 when valid, 1 when not.

  --secret S        a signing secret; repeat it to accept any of several (rotation).
                    Default: CALLINGBOX_WEBHOOK_SECRET (comma-separated). Never printed
  --header H        the CallingBox-Signature value (a leading "CallingBox-Signature:" is ignored)
  --tolerance S     accepted clock distance in seconds (default 300; 0 turns the check off,
                    for a request saved long ago)
  --now T           judge as if it were this unix time (default: now)
  --json            print {"valid": true, "type", "id"} or {"valid": false, "code", "message"}`;

const FLAGS = { secret: { value: true, repeat: true }, header: { value: true }, tolerance: { value: true }, now: { value: true }, json: {} };

const seconds = (value, flag) => {
  if (!/^\d{1,15}$/.test(value)) throw new UsageError(`${flag} must be a whole number of seconds, got ${value}`);
  return Number(value);
};

export async function run(argv, { stdout, stdin, env }) {
  const { flags } = parseFlags(argv, { flags: FLAGS });
  const secrets = secretsFrom(flags, env);
  if (flags.header === undefined) throw new UsageError('--header <the CallingBox-Signature value> is required');
  const header = flags.header.replace(/^\s*callingbox-signature\s*:\s*/i, '');
  const options = {};
  if (flags.tolerance !== undefined) options.toleranceSeconds = seconds(flags.tolerance, '--tolerance');
  if (flags.now !== undefined) options.now = seconds(flags.now, '--now');
  const body = await readStdin(stdin, UsageError);

  const { constructEvent, WebhookVerificationError } = await loadVerify();
  const c = palette(!flags.json && wantsColor(stdout, env));
  try {
    const event = constructEvent(body, header, secrets, options);
    stdout.write(flags.json
      ? `${JSON.stringify({ valid: true, type: event.type, id: event.id })}\n`
      : `${c.green('valid')}: ${event.type} ${event.id}\n`);
    return 0;
  } catch (error) {
    if (!(error instanceof WebhookVerificationError)) throw error;
    stdout.write(flags.json
      ? `${JSON.stringify({ valid: false, code: error.code, message: error.message })}\n`
      : `${c.red('invalid')}: ${error.code}\n${error.message}\n`);
    return 1;
  }
}
