#!/usr/bin/env node
// `npx callingbox-webhooks <command>`: a local CallingBox for developing and
// testing webhook receivers. Each command lives in its own module, loaded
// only when it runs: `emulator` and `listen` need no WebAssembly, and `sign`,
// `verify` and `trigger --to` load the package's own verify-only wasm.
import { readFileSync } from 'node:fs';
import { UsageError } from './args.js';

const COMMANDS = {
  listen: () => import('./listen.js'),
  trigger: () => import('./trigger.js'),
  emulator: () => import('./emulator.js'),
  sign: () => import('./sign.js'),
  verify: () => import('./verify.js'),
};

const version = () => JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).version;

async function overview() {
  const lines = [];
  for (const [name, load] of Object.entries(COMMANDS)) lines.push(`  ${name.padEnd(9)} ${(await load()).summary}`);
  return `callingbox-webhooks ${version()}: a local CallingBox for developing and testing webhook receivers

Usage: callingbox-webhooks <command> [flags]

Commands:
${lines.join('\n')}

Develop locally:
  npx callingbox-webhooks listen --forward-to http://127.0.0.1:3000/webhooks
  npx callingbox-webhooks trigger call.completed

Every command takes --help. sign, verify, trigger and listen take --json.
Environment: CALLINGBOX_WEBHOOK_SECRET is the default --secret; NO_COLOR turns colours off.`;
}

/**
 * Runs one command line; resolves the exit status: 0 done, 1 failed,
 * 2 wrong command line (with a usage line on stderr).
 */
export async function main(argv, io) {
  const [first, ...rest] = argv;
  if (first === undefined || first === '--help' || first === '-h' || first === 'help') {
    const topic = first === 'help' ? rest[0] : undefined;
    if (topic && Object.hasOwn(COMMANDS, topic)) {
      io.stdout.write(`${(await COMMANDS[topic]()).help}\n`);
      return 0;
    }
    io.stdout.write(`${await overview()}\n`);
    return 0;
  }
  if (first === '--version' || first === '-v') {
    io.stdout.write(`${version()}\n`);
    return 0;
  }
  if (!Object.hasOwn(COMMANDS, first)) {
    const what = first.startsWith('-') ? `unknown flag: ${first}` : `unknown command: ${first}`;
    io.stderr.write(`callingbox-webhooks: ${what}\nusage: callingbox-webhooks <${Object.keys(COMMANDS).join('|')}> [flags]  (callingbox-webhooks --help)\n`);
    return 2;
  }
  const command = await COMMANDS[first]();
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout.write(`${command.help}\n`);
    return 0;
  }
  if (command.longRunning) stopWhenOrphaned();
  try {
    return await command.run(rest, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr.write(`callingbox-webhooks ${first}: ${error.message}\nusage: ${command.usage}\n(callingbox-webhooks ${first} --help for every flag)\n`);
      return 2;
    }
    io.stderr.write(`callingbox-webhooks ${first}: ${error.message}\n`);
    return 1;
  }
}

/**
 * npm exec (npx) does not pass a SIGTERM, or a SIGINT that did not come from
 * a terminal, on to the command it runs: it exits and leaves the command
 * behind. A long-running command whose parent is gone stops as if
 * interrupted (deleting its endpoint, freeing the emulator's port).
 */
function stopWhenOrphaned() {
  const parent = process.ppid;
  setInterval(() => {
    try {
      process.kill(parent, 0);
    } catch (error) {
      if (error.code === 'ESRCH') process.kill(process.pid, 'SIGTERM');
    }
  }, 1000).unref();
}

const io = { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: process.env };
const status = await main(process.argv.slice(2), io);
// Long-running commands keep handles open (servers, stdin); their work is done here.
process.exit(status);
