// `callingbox-webhooks emulator`: the local CallingBox API in the foreground.
// The first stdout line is always `CallingBox emulator listening on http://127.0.0.1:<port>`;
// tools parse it, so nothing may be printed before it.
import { startEmulator } from '../emulator/index.js';
import { USAGE, parseArgs } from './emulator-args.js';

export const usage = 'callingbox-webhooks emulator [--port N] [--api-key KEY] [--time-scale F] [--state-file PATH] [--allow-http-localhost] [--quiet]';
/** Runs until stopped: the CLI stops it when its parent process goes away. */
export const longRunning = true;
export const summary = 'run the local CallingBox API (endpoints, signed deliveries, retries) in the foreground';
export const help = USAGE;

/** Runs until SIGINT/SIGTERM (or stdin closing with --stdin-watchdog); resolves the exit status. */
export async function run(argv, { stdout, stderr }) {
  const options = parseArgs(argv); // a UsageError goes back to the dispatcher (exit 2)

  // Log lines wait until the listening line is out (state loading may log first).
  let ready = false;
  const early = [];
  const writeLine = (line) => stdout.write(`${line}\n`);
  const log = options.quiet ? () => {} : (line) => (ready ? writeLine(line) : early.push(line));
  stdout.on('error', () => {}); // a closed pipe must not crash the server

  let emulator;
  try {
    emulator = await startEmulator({ ...options, log });
  } catch (error) {
    stderr.write(`callingbox-webhooks emulator: cannot start: ${error.message}\n`);
    return 1;
  }
  writeLine(`CallingBox emulator listening on ${emulator.url}`);
  ready = true;
  early.forEach(writeLine);

  return new Promise((resolve) => {
    let stopping = false;
    const shutdown = async () => {
      if (stopping) return;
      stopping = true;
      await emulator.close();
      resolve(0);
    };
    process.on('SIGINT', shutdown);
    process.on('SIGTERM', shutdown);
    if (options.stdinWatchdog) {
      // The parent (a test run) holds our stdin; when it dies the pipe closes.
      process.stdin.on('end', shutdown);
      process.stdin.on('error', shutdown);
      process.stdin.resume();
    }
  });
}
