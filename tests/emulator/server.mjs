#!/usr/bin/env node
// CLI for the CallingBox API emulator: `node tests/emulator/server.mjs [flags]`.
// The first stdout line is always `CallingBox emulator listening on http://127.0.0.1:<port>`;
// tools parse it, so nothing may be printed before it.
import { USAGE, UsageError, parseArgs } from './lib/args.mjs';
import { startEmulator } from './emulator.mjs';

let options;
try {
  options = parseArgs(process.argv.slice(2));
} catch (error) {
  if (!(error instanceof UsageError)) throw error;
  process.stderr.write(`callingbox emulator: ${error.message}\n\n${USAGE}\n`);
  process.exit(2);
}
if (options.help) {
  process.stdout.write(`${USAGE}\n`);
  process.exit(0);
}

// Log lines wait until the listening line is out (state loading may log first).
let ready = false;
const early = [];
const writeLine = (line) => process.stdout.write(`${line}\n`);
const log = options.quiet ? () => {} : (line) => (ready ? writeLine(line) : early.push(line));
process.stdout.on('error', () => {}); // a closed pipe must not crash the server

let emulator;
try {
  emulator = await startEmulator({ ...options, log });
} catch (error) {
  process.stderr.write(`callingbox emulator: cannot start: ${error.message}\n`);
  process.exit(1);
}
writeLine(`CallingBox emulator listening on ${emulator.url}`);
ready = true;
early.forEach(writeLine);

let stopping = false;
async function shutdown() {
  if (stopping) return;
  stopping = true;
  await emulator.close();
  process.exit(0);
}
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
if (options.stdinWatchdog) {
  // The parent (a test run) holds our stdin; when it dies the pipe closes.
  process.stdin.on('end', shutdown);
  process.stdin.on('error', shutdown);
  process.stdin.resume();
}
