// `callingbox-webhooks trigger <event-type>`: fires a realistic event (the
// full call object of the spec) through the running emulator, which signs
// and delivers it to every subscribed endpoint, or, with --to and --secret,
// signs it with the package's wasm and POSTs it straight to a URL.
// `trigger call --outcome <o>` plays a whole call's lifecycle.
import { readFile } from 'node:fs/promises';
import { OUTCOMES, eventAt, lifecycleEvents } from '../emulator/calls.js';
import { API_VERSION, DEFAULT_PORT, EVENT_TYPES, isPlainObject, newId } from '../emulator/util.js';
import { deliveryHeaders, envelopeBody, postOnce } from '../emulator/wire.js';
import { UsageError, parseFlags, parseHttpUrl, parsePort, secretsFrom } from './args.js';
import { describeNetworkError } from './forward.js';
import { delivered, palette, statusLabel, wantsColor } from './output.js';
import { emulatorRequest, emulatorUrl, errorMessage } from './remote.js';
import { loadVerify } from './wasm.js';

export const usage = 'callingbox-webhooks trigger <event-type> | call --outcome <outcome> [--port N | --to <url> --secret <whsec_...>] [--call <file.json>] [--json]';
export const summary = 'fire a realistic, signed event (or `trigger call --outcome <o>` for a whole call)';
export const help = `Usage: ${usage}

Event types: ${EVENT_TYPES.join(', ')}
Outcomes of \`trigger call --outcome\`: ${OUTCOMES.join(', ')}
  (completed plays call.queued, call.ringing, call.answered, call.completed; the others end early)

By default the event goes through the emulator on 127.0.0.1:<port> (the one
\`listen\` or \`emulator\` started), which signs it and delivers it to every
endpoint subscribed to it; a whole call's events are all sent at once, in no
set order (retries reorder deliveries in production too). With --to, it is signed here with --secret and
POSTed straight to that URL with the headers CallingBox sends (redirects are
not followed; CallingBox counts a 3xx as a failure); the exit
status is 1 unless every POST got a 2xx.

  --port N          the emulator's port (default ${DEFAULT_PORT})
  --to URL          send straight to this receiver instead (needs --secret)
  --secret S        signing secret for --to (default: CALLINGBOX_WEBHOOK_SECRET); never printed
  --call FILE       a JSON object whose fields replace the generated call's (e.g. {"id": "...", "metadata": {...}})
  --outcome O       with \`trigger call\`: how the call ends
  --json            one JSON object per event`;

const FLAGS = {
  port: { value: true }, to: { value: true }, secret: { value: true, repeat: true }, call: { value: true }, outcome: { value: true }, json: {},
};

async function parseOptions(argv, env) {
  const { flags, positionals } = parseFlags(argv, { flags: FLAGS, maxPositionals: 1 });
  const [type] = positionals;
  if (type === undefined) throw new UsageError('which event? e.g. `trigger call.completed` or `trigger call --outcome busy`');
  if (type === 'call') {
    if (flags.outcome === undefined) throw new UsageError(`\`trigger call\` needs --outcome (${OUTCOMES.join(', ')})`);
    if (!OUTCOMES.includes(flags.outcome)) throw new UsageError(`--outcome must be one of ${OUTCOMES.join(', ')}, got ${flags.outcome}`);
  } else {
    if (!EVENT_TYPES.includes(type)) throw new UsageError(`unknown event type ${type}: one of ${EVENT_TYPES.join(', ')}, or \`call --outcome <o>\``);
    if (flags.outcome !== undefined) throw new UsageError('--outcome goes with `trigger call` (a whole call), not with one event type');
  }
  if (flags.to !== undefined && flags.port !== undefined) throw new UsageError('--to sends straight to a URL; --port is for the emulator: give one of them');
  if (flags.to === undefined && flags.secret !== undefined) throw new UsageError('--secret goes with --to (the emulator signs with the endpoint\'s own secret)');
  return {
    type,
    outcome: flags.outcome,
    port: flags.port === undefined ? DEFAULT_PORT : parsePort(flags.port),
    to: flags.to === undefined ? undefined : parseHttpUrl(flags.to, '--to'),
    secrets: flags.to === undefined ? undefined : secretsFrom(flags, env),
    call: flags.call === undefined ? undefined : await readCallFile(flags.call),
    json: flags.json === true,
  };
}

/** The --call file: a JSON object of call fields. */
async function readCallFile(path) {
  let value;
  try {
    value = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    throw new UsageError(`--call ${path}: ${error instanceof SyntaxError ? `not JSON (${error.message})` : error.message}`);
  }
  if (!isPlainObject(value)) throw new UsageError(`--call ${path}: must hold a JSON object (the call's fields)`);
  if ('id' in value && !(typeof value.id === 'string' && /^[\x21-\x7e]{1,200}$/.test(value.id))) {
    throw new UsageError(`--call ${path}: "id" must be a string of visible ASCII characters (it becomes a header)`);
  }
  return value;
}

export async function run(argv, { stdout, stderr, env }) {
  const options = await parseOptions(argv, env);
  const c = palette(!options.json && wantsColor(stdout, env));
  return options.to === undefined ? viaEmulator(options, { stdout, stderr, c }) : straightToUrl(options, { stdout, c });
}

/** Through the emulator's control routes: it signs and delivers to every subscribed endpoint. */
async function viaEmulator(options, { stdout, stderr, c }) {
  const baseUrl = emulatorUrl(options.port);
  const call = options.call ?? undefined;
  const answer = options.type === 'call'
    ? await emulatorRequest(baseUrl, 'POST', '/_emulator/calls', { body: { outcome: options.outcome, call } })
    : await emulatorRequest(baseUrl, 'POST', '/_emulator/events', { body: { type: options.type, call } });
  if (answer.status !== 202) throw new Error(`the emulator refused the event: ${errorMessage(answer)}`);
  const events = options.type === 'call' ? answer.body.events : [{ type: options.type, deliveries: answer.body.deliveries }];
  for (const event of events) {
    const ids = event.deliveries.map((d) => d.id);
    if (options.json) stdout.write(`${JSON.stringify({ type: event.type, deliveries: event.deliveries })}\n`);
    else stdout.write(`${c.bold('Triggered')} ${event.type}: ${ids.length} ${ids.length === 1 ? 'delivery' : 'deliveries'}${ids.length ? ` (event ${ids.join(', ')})` : ''}\n`);
  }
  if (events.every((event) => event.deliveries.length === 0)) {
    stderr.write(`callingbox-webhooks trigger: no endpoint of the emulator at ${baseUrl} is subscribed to ${options.type === 'call' ? 'these events' : options.type}: is \`callingbox-webhooks listen --forward-to <url>\` running?\n`);
  }
  return 0;
}

/** Signed here with the package's wasm and POSTed to --to, one event after the other. */
async function straightToUrl(options, { stdout, c }) {
  const { signPayload } = await loadVerify();
  const overrides = options.call ?? {};
  const events = options.type === 'call' ? lifecycleEvents(options.outcome, { overrides }) : [eventAt(options.type, { overrides })];
  let allDelivered = true;
  for (const { type, call, createdMs } of events) {
    const eventId = newId();
    const body = envelopeBody({ id: eventId, type, call, createdMs });
    const headers = deliveryHeaders({
      eventId, eventType: type, callId: call.id, body, signature: signPayload(body, options.secrets[0]),
      userAgent: `CallingBox-Webhooks/${API_VERSION} (callingbox-webhooks trigger)`,
    });
    const started = performance.now();
    const result = await postOnce(options.to, body, headers, { timeoutMs: 10_000 });
    const status = result.error ? null : result.status;
    const error = result.error ? describeNetworkError(result, options.to) : null;
    const latencyMs = Math.round(performance.now() - started);
    allDelivered &&= delivered(status);
    if (options.json) {
      stdout.write(`${JSON.stringify({ type, event_id: eventId, call_id: call.id, status, latency_ms: latencyMs, error })}\n`);
    } else {
      stdout.write(`${type.padEnd(15)}  ${eventId}  ${statusLabel(status, c)} ${latencyMs} ms${error ? `  ${c.red(error)}` : ''}\n`);
    }
  }
  return allDelivered ? 0 : 1;
}
