// Helpers of the CLI suite: a fresh consumer project with the packed tarball
// installed, the CLI run through `npx callingbox-webhooks` in it (short
// commands to completion, `listen` and `emulator` in the background), and
// the Python receiver (receiver.py, the official SDK's verification).
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import net from 'node:net';
import { join } from 'node:path';
import { runAllowingFailure } from '../support/exec.mjs';
import { installTarball } from '../support/tarball.mjs';
import { REPO } from '../support/tools.mjs';

export const PYTHON = process.env.CALLINGBOX_PYTHON ?? join(REPO, '.tools/venv/bin/python');
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
export const EVENT_TYPES = [
  'call.queued', 'call.ringing', 'call.answered', 'call.completed',
  'call.failed', 'call.no_answer', 'call.busy', 'call.canceled',
];
// The call object's fields, from the spec's call-object section (the Python SDK's types/call.py).
export const CALL_FIELDS = [
  'id', 'to_number', 'from_number', 'status', 'direction', 'prompt', 'context', 'returns', 'result',
  'result_status', 'result_error', 'webhook_url', 'tools', 'webhook_status', 'webhook_error', 'created_at',
  'started_at', 'answered_at', 'ended_at', 'duration_seconds', 'billed_duration_seconds',
  'billing_amount_milli_cents', 'reservation_status', 'error_code', 'error_message', 'hangup_cause',
  'metadata', 'updated_at',
];
const ENV = { npm_config_update_notifier: 'false', npm_config_loglevel: 'error' };

/** A fresh project (temp dir) with the packed tarball installed, like `npm i <tarball>` in an empty folder. */
export const installCli = (label) => installTarball(label, { packageJson: { type: 'module' } });

/**
 * `npx callingbox-webhooks <args>` in the project, to completion. Resolves
 * {code, stdout, stderr} whatever the exit status. `bin: true` runs
 * node_modules/.bin/callingbox-webhooks, the file npx runs, directly (for
 * long tables of cases: it saves npm's start, about half a second each).
 */
export function cli(project, args, { input, env, bin = false, timeoutMs = 60_000 } = {}) {
  const [command, argv] = bin ? [join(project.dir, 'node_modules/.bin/callingbox-webhooks'), args] : ['npx', ['callingbox-webhooks', ...args]];
  return runAllowingFailure(command, argv, { cwd: project.dir, input, env: { ...ENV, ...env }, timeoutMs });
}

/**
 * `npx callingbox-webhooks <args>` in the background, in its own process
 * group so that `interrupt()` is what Ctrl-C in a terminal does (SIGINT to
 * npx and the CLI under it). npx ends by re-raising the SIGINT, whatever
 * the CLI's exit status; `bin: true` runs node_modules/.bin/callingbox-webhooks
 * (what npx runs) directly, so that the status is the CLI's own.
 */
export function startCli(project, args, { env, bin = false } = {}) {
  const [command, argv] = bin ? [join(project.dir, 'node_modules/.bin/callingbox-webhooks'), args] : ['npx', ['callingbox-webhooks', ...args]];
  const child = spawn(command, argv, {
    cwd: project.dir,
    env: { ...process.env, NO_COLOR: '1', ...ENV, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  const out = lineReader(child.stdout);
  const err = lineReader(child.stderr);
  const exited = new Promise((resolve) => child.once('close', (code, signal) => resolve(code ?? signal)));
  const kill = () => {
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {}
  };
  process.once('exit', kill);
  return {
    child,
    stdout: out,
    stderr: err,
    exited,
    /** Ctrl-C; resolves the exit status. */
    async interrupt(timeoutMs = 15_000) {
      if (child.exitCode === null && child.signalCode === null) process.kill(-child.pid, 'SIGINT');
      const timer = setTimeout(kill, timeoutMs);
      const code = await exited;
      clearTimeout(timer);
      process.off('exit', kill);
      return code;
    },
    kill,
    /** Resolves with the first stdout line matching `predicate` (a RegExp or a function of the line). */
    line: (predicate, what) => out.waitFor(predicate, what ?? `a stdout line matching ${predicate}`, () => `stderr: ${err.text()}`),
    /** Resolves with the first stdout JSON line for which `predicate(object)` is true. */
    json: (predicate, what = 'a JSON line') => out.waitFor((line) => {
      try {
        return predicate(JSON.parse(line)) ? JSON.parse(line) : false;
      } catch {
        return false;
      }
    }, what, () => `stderr: ${err.text()}`),
  };
}

/**
 * Collects a stream's lines; waitFor(predicate) resolves with a matching
 * line (or the predicate's truthy value), old or new, and rejects at once
 * when the stream has ended without one.
 */
function lineReader(stream, timeoutMs = 20_000) {
  const lines = [];
  const waiters = new Set();
  let pending = '';
  let ended = false;
  const check = (waiter, line) => {
    const found = typeof waiter.predicate === 'function' ? waiter.predicate(line) : waiter.predicate.test(line);
    const value = found === true ? line : found;
    if (value) {
      waiters.delete(waiter);
      clearTimeout(waiter.timer);
      waiter.resolve(value);
      return true;
    }
    return false;
  };
  stream.setEncoding('utf8').on('data', (text) => {
    const parts = (pending + text).split('\n');
    pending = parts.pop();
    for (const line of parts) {
      lines.push(line);
      for (const waiter of [...waiters]) check(waiter, line);
    }
  });
  stream.on('end', () => {
    ended = true;
    for (const waiter of [...waiters]) waiter.fail('the stream ended');
  });
  return {
    lines,
    text: () => lines.join('\n') + (pending ? `\n${pending}` : ''),
    waitFor(predicate, what, context = () => '') {
      return new Promise((resolve, reject) => {
        const waiter = { predicate, resolve };
        waiter.fail = (why) => {
          waiters.delete(waiter);
          clearTimeout(waiter.timer);
          reject(new Error(`${why} before ${what}; got:\n${lines.join('\n')}\n${context()}`));
        };
        if (lines.some((line) => check(waiter, line))) return;
        if (ended) return waiter.fail('the stream had ended');
        waiter.timer = setTimeout(() => waiter.fail(`${timeoutMs} ms went by`), timeoutMs);
        waiters.add(waiter);
      });
    },
  };
}

/**
 * The Python receiver (receiver.py). `setSecret` hands it the signing
 * secret; `records` are its JSON lines; `waitFor(n, predicate)` resolves
 * once `n` records match.
 */
export async function startPythonReceiver() {
  if (!existsSync(PYTHON)) throw new Error(`no Python with the callingbox SDK at ${PYTHON} (run make setup, or set CALLINGBOX_PYTHON)`);
  const child = spawn(PYTHON, [join(REPO, 'tests/cli/receiver.py')], { stdio: ['pipe', 'pipe', 'pipe'] });
  const out = lineReader(child.stdout);
  let stderr = '';
  child.stderr.on('data', (chunk) => { stderr += chunk; });
  const kill = () => child.kill('SIGKILL');
  process.once('exit', kill);
  const first = await out.waitFor((line) => line.startsWith('{"port"'), 'the receiver\'s port', () => stderr);
  const { port } = JSON.parse(first);
  const records = () => out.lines.filter((line) => line.startsWith('{"verified"')).map((line) => JSON.parse(line));
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    setSecret: (secret) => child.stdin.write(`${secret}\n`),
    records,
    async waitFor(count, predicate = () => true, timeoutMs = 20_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const matching = records().filter(predicate);
        if (matching.length >= count) return matching;
        if (Date.now() > deadline) throw new Error(`the Python receiver got ${matching.length} of ${count} matching requests:\n${out.text()}\n${stderr}`);
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
    },
    close() {
      process.off('exit', kill);
      child.kill('SIGTERM');
    },
  };
}

/** A TCP port that was free a moment ago on 127.0.0.1. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** The terminal status a call ends in for each event type (`call.answered` is in progress). */
export const callStatusOf = (type) => ({ 'call.answered': 'in_progress' }[type] ?? type.slice('call.'.length));
