// `callingbox-webhooks listen --forward-to <url>`: a local CallingBox that
// delivers to your receiver, whatever it is written in. It attaches to the
// emulator on --port (or starts one there), registers an endpoint, prints the
// endpoint's signing secret once, and prints one line per delivery attempt
// as it happens. Ctrl-C deletes the endpoint and stops what it started.
import net from 'node:net';
import { startEmulator } from '../emulator/index.js';
import { DEFAULT_API_KEY, DEFAULT_PORT, EVENT_TYPES } from '../emulator/util.js';
import { MAX_ATTEMPTS } from '../emulator/engine.js';
import { UsageError, parseFlags, parseHttpUrl, parsePort } from './args.js';
import { startForwarder } from './forward.js';
import { clock, delivered, palette, statusLabel, wantsColor } from './output.js';
import { emulatorRequest, emulatorUrl, errorMessage, probeEmulator } from './remote.js';

export const usage = 'callingbox-webhooks listen --forward-to <url> [--events <type,...>] [--port N] [--print-secret] [--json]';
/** Runs until stopped: the CLI stops it when its parent process goes away. */
export const longRunning = true;
export const summary = 'forward signed deliveries from a local CallingBox to your receiver (any language)';
export const help = `Usage: ${usage}

Starts a local CallingBox on 127.0.0.1:<port> (or attaches to the emulator
already running there), registers a webhook endpoint for your receiver,
prints its signing secret once, and forwards every delivery to --forward-to
byte for byte, with the real headers, signature and retry schedule. One line
per delivery attempt: time, event type, event id, your receiver's status and
latency, retries as they happen. Ctrl-C deletes the endpoint and stops the
emulator if listen started it.

  --forward-to URL     your receiver, e.g. http://127.0.0.1:3000/webhooks (required)
  --events TYPES       comma-separated event types to subscribe to (default: all, *)
  --port N             the emulator's port (default ${DEFAULT_PORT})
  --api-key KEY        the emulator's API key, if it was started with another one (never printed)
  --time-scale F       divide the retry delays by F, when listen starts the emulator (default 1)
  --print-secret       print only the signing secret on stdout (for scripts); the log goes to stderr
  --json               one JSON object per line: {"event":"ready",...}, {"event":"delivery",...}

Then, in another terminal: npx callingbox-webhooks trigger call.completed`;

const FLAGS = {
  'forward-to': { value: true },
  events: { value: true },
  port: { value: true },
  'api-key': { value: true },
  'time-scale': { value: true },
  'print-secret': {},
  json: {},
};

function parseOptions(argv) {
  const { flags } = parseFlags(argv, { flags: FLAGS });
  if (flags['forward-to'] === undefined) throw new UsageError('--forward-to <url> is required');
  const options = {
    forwardTo: parseHttpUrl(flags['forward-to'], '--forward-to'),
    events: ['*'],
    port: flags.port === undefined ? DEFAULT_PORT : parsePort(flags.port),
    apiKey: flags['api-key'],
    timeScale: 1,
    printSecret: flags['print-secret'] === true,
    json: flags.json === true,
  };
  if (options.apiKey !== undefined && !/^sk_[\x21-\x7e]+$/.test(options.apiKey)) {
    throw new UsageError('--api-key must start with sk_ and contain no spaces');
  }
  if (flags.events !== undefined) {
    options.events = flags.events.split(',').map((type) => type.trim()).filter(Boolean);
    const unknown = options.events.filter((type) => type !== '*' && !EVENT_TYPES.includes(type));
    if (options.events.length === 0 || unknown.length) {
      throw new UsageError(`--events takes event types separated by commas (${EVENT_TYPES.join(', ')}, or *); got ${unknown[0] ?? 'none'}`);
    }
  }
  if (flags['time-scale'] !== undefined) {
    options.timeScale = Number(flags['time-scale']);
    if (!(options.timeScale > 0) || !Number.isFinite(options.timeScale)) {
      throw new UsageError(`--time-scale must be a positive number, got ${flags['time-scale']}`);
    }
  }
  return options;
}

/** Runs until SIGINT/SIGTERM; resolves the exit status. */
export async function run(argv, { stdout, stderr, env }) {
  const options = parseOptions(argv);
  // stdout carries data (the secret, JSON lines) or the human log; with
  // --print-secret the log moves to stderr so that stdout is the secret alone.
  const logStream = options.printSecret ? stderr : stdout;
  const c = palette(!options.json && wantsColor(logStream, env));
  const log = (line) => logStream.write(`${line}\n`);
  const fail = (message) => {
    stderr.write(`callingbox-webhooks listen: ${message}\n`);
    return 1;
  };
  const cleanups = [];
  const cleanUp = async () => {
    for (const step of cleanups.reverse()) await step().catch(() => {});
  };

  // 1. The emulator: the one already on the port, or a new one in this process.
  const baseUrl = emulatorUrl(options.port);
  const apiKey = options.apiKey ?? DEFAULT_API_KEY;
  const found = await probeEmulator(baseUrl);
  let startedEmulator = false;
  if (found === 'other') return fail(`port ${options.port} is used by something that is not a CallingBox emulator: pass another --port`);
  if (found === 'nothing') {
    try {
      const emulator = await startEmulator({
        port: options.port, allowHttpLocalhost: true, timeScale: options.timeScale, apiKeys: [apiKey],
      });
      cleanups.push(() => emulator.close());
      startedEmulator = true;
    } catch (error) {
      return fail(`cannot start the emulator on port ${options.port}: ${error.message}`);
    }
  }

  // 2. The forwarder, then an endpoint that delivers to it.
  let total = 0;
  const arrivals = new Map(); // event id -> attempts seen, to number retries
  const forwarder = await startForwarder(options.forwardTo, (attempt) => {
    total += 1;
    const n = (arrivals.get(attempt.eventId) ?? 0) + 1;
    arrivals.set(attempt.eventId, n);
    const line = { ...attempt, attempt: n };
    if (options.json) stdout.write(`${JSON.stringify(deliveryJson(line))}\n`);
    else log(deliveryLine(line, c));
  });
  cleanups.push(() => forwarder.close());

  const created = await emulatorRequest(baseUrl, 'POST', '/v1/webhook_endpoints', {
    apiKey,
    body: { url: forwarder.url, description: `callingbox-webhooks listen -> ${options.forwardTo}`, enabled_events: options.events },
  }).catch((error) => ({ error }));
  if (created.status !== 201) {
    await cleanUp();
    if (created.error) return fail(created.error.message);
    if (created.status === 401) return fail(`the emulator at ${baseUrl} refused the API key: pass the key it was started with (--api-key)`);
    if (created.status === 400 && /https/.test(errorMessage(created))) {
      return fail(`the emulator at ${baseUrl} only accepts https endpoint URLs: restart it with --allow-http-localhost, or stop it and let listen start its own`);
    }
    return fail(`could not create the endpoint: ${errorMessage(created)}`);
  }
  const endpoint = created.body;
  cleanups.push(() => emulatorRequest(baseUrl, 'DELETE', `/v1/webhook_endpoints/${endpoint.id}`, { apiKey }));

  // 3. Ready: the secret once, then a line per delivery.
  if (options.printSecret) stdout.write(`${endpoint.signing_secret}\n`);
  if (options.json) {
    stdout.write(`${JSON.stringify({
      event: 'ready', emulator_url: baseUrl, started_emulator: startedEmulator, endpoint_id: endpoint.id,
      forward_to: options.forwardTo, enabled_events: endpoint.enabled_events, signing_secret: endpoint.signing_secret,
    })}\n`);
  } else {
    const events = options.events.includes('*') ? 'every event' : options.events.join(', ');
    log(`${c.bold('Ready.')} ${startedEmulator ? 'Started a local CallingBox' : 'Attached to the CallingBox emulator'} at ${baseUrl}; forwarding ${events} to ${c.cyan(options.forwardTo)}`);
    if (!options.printSecret) {
      log(`Your webhook signing secret (shown once; paste it into .env):`);
      log(`  CALLINGBOX_WEBHOOK_SECRET=${endpoint.signing_secret}`);
    }
    log(c.dim(`Trigger an event: npx callingbox-webhooks trigger call.completed${options.port === DEFAULT_PORT ? '' : ` --port ${options.port}`}   (Ctrl-C to stop)`));
    if (!(await reachable(options.forwardTo))) {
      log(c.yellow(`Nothing answers at ${new URL(options.forwardTo).host} yet: deliveries fail (and are retried) until your server is up.`));
    }
  }

  // 4. Until Ctrl-C: then delete the endpoint and stop what we started.
  return new Promise((resolve) => {
    let stopping = false;
    const stop = async () => {
      if (stopping) {
        resolve(130); // a second Ctrl-C: do not wait for the cleanup
        return;
      }
      stopping = true;
      await cleanUp();
      if (options.json) stdout.write(`${JSON.stringify({ event: 'stopped', deliveries: total, endpoint_deleted: endpoint.id, emulator_stopped: startedEmulator })}\n`);
      else log(`Stopped: deleted endpoint ${endpoint.id}${startedEmulator ? ' and stopped the emulator' : ''} (${total} delivery ${total === 1 ? 'attempt' : 'attempts'} forwarded).`);
      resolve(0);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

/** One line per attempt: time, type, event id, status, latency, and what happens next. */
function deliveryLine(a, c) {
  const ok = delivered(a.status);
  const parts = [c.dim(clock()), a.eventType.padEnd(15), a.eventId, `${statusLabel(a.status, c)} ${String(a.latencyMs).padStart(4)} ms`];
  if (a.attempt > 1) parts.push(c.yellow(`retry ${a.attempt - 1}`));
  if (a.error) parts.push(c.red(a.error));
  if (a.emulatorGaveUp) parts.push(c.red('too slow: CallingBox stopped waiting (10 s) and counts it as failed'));
  if (!ok) {
    parts.push(a.attempt < MAX_ATTEMPTS ? c.dim(`(attempt ${a.attempt} of ${MAX_ATTEMPTS} failed; CallingBox retries it)`) : c.dim('(no retries left)'));
  }
  return parts.join('  ');
}

function deliveryJson(a) {
  return {
    event: 'delivery',
    time: new Date().toISOString(),
    type: a.eventType,
    event_id: a.eventId,
    call_id: a.callId,
    status: a.status,
    latency_ms: a.latencyMs,
    attempt: a.attempt,
    error: a.emulatorGaveUp ? 'the emulator stopped waiting for the answer' : a.error,
  };
}

/** Whether something accepts TCP connections at the URL's host and port (a hint only). */
function reachable(url) {
  const { hostname, port, protocol } = new URL(url);
  return new Promise((resolve) => {
    const socket = net.connect({ host: hostname.replace(/^\[|\]$/g, ''), port: Number(port) || (protocol === 'https:' ? 443 : 80) });
    const done = (result) => {
      socket.destroy();
      resolve(result);
    };
    socket.setTimeout(1000, () => done(true)); // slow to answer is not "nothing there"
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}
