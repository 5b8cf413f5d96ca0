// Flags of the `emulator` command.
import { DEFAULT_API_KEY, DEFAULT_PORT } from '../emulator/util.js';
import { UsageError, parsePort } from './args.js';

export { UsageError };

export const USAGE = `Usage: callingbox-webhooks emulator [flags]

  --port N                 port on 127.0.0.1 (default ${DEFAULT_PORT}; 0 picks a free one)
  --api-key KEY            accepted API key, repeatable (default ${DEFAULT_API_KEY})
  --time-scale F           divide retry delays (and the 10 s timeout, never below 1 s) by F (default 1)
  --allow-http-localhost   accept http://127.0.0.1[:port] and http://localhost[:port] endpoint urls
  --state-file PATH        load state from PATH at start, save it after every change
  --error-format FORM      "string" ({"error": "..."}, default) or "object" ({"error": {"message", "code"}})
  --list-format FORM       "data" ({"data": [...]}, default) or "bare" (endpoint list as a bare array)
  --quiet                  print only the first line
  --stdin-watchdog         exit when stdin closes (for a parent process that may die without stopping it)
  --help                   print this help

The first stdout line is always: CallingBox emulator listening on http://127.0.0.1:<port>
Reference (routes, control routes, faults): node_modules/callingbox-webhooks/emulator/README.md`;

const VALUE_FLAGS = new Set(['--port', '--api-key', '--time-scale', '--state-file', '--error-format', '--list-format']);
const BOOLEAN_FLAGS = new Set(['--allow-http-localhost', '--quiet', '--stdin-watchdog', '--help']);

/** Parses argv (without node and script); throws UsageError on anything unexpected. */
export function parseArgs(argv) {
  const options = {
    port: DEFAULT_PORT,
    apiKeys: [],
    timeScale: 1,
    allowHttpLocalhost: false,
    stateFile: null,
    errorFormat: 'string',
    listFormat: 'data',
    quiet: false,
    stdinWatchdog: false,
    help: false,
  };
  for (let i = 0; i < argv.length; i += 1) {
    let [flag, value] = splitFlag(argv[i]);
    if (BOOLEAN_FLAGS.has(flag)) {
      if (value !== undefined) throw new UsageError(`${flag} takes no value`);
      applyBoolean(options, flag);
      continue;
    }
    if (!VALUE_FLAGS.has(flag)) throw new UsageError(`unknown flag: ${argv[i]}`);
    if (value === undefined) {
      value = argv[i + 1];
      i += 1;
      if (value === undefined) throw new UsageError(`${flag} needs a value`);
    }
    applyValue(options, flag, value);
  }
  return options;
}

function splitFlag(arg) {
  const eq = arg.indexOf('=');
  return arg.startsWith('--') && eq > 0 ? [arg.slice(0, eq), arg.slice(eq + 1)] : [arg, undefined];
}

function applyBoolean(options, flag) {
  const key = { '--allow-http-localhost': 'allowHttpLocalhost', '--quiet': 'quiet', '--stdin-watchdog': 'stdinWatchdog', '--help': 'help' }[flag];
  options[key] = true;
}

function applyValue(options, flag, value) {
  switch (flag) {
    case '--port':
      options.port = parsePort(value);
      break;
    case '--api-key':
      // The value itself is never echoed: it is a credential.
      if (!/^sk_[\x21-\x7e]+$/.test(value)) throw new UsageError('--api-key must start with sk_ and contain no spaces');
      options.apiKeys.push(value);
      break;
    case '--time-scale': {
      const scale = Number(value);
      if (!(scale > 0) || !Number.isFinite(scale)) throw new UsageError(`--time-scale must be a positive number, got ${value}`);
      options.timeScale = scale;
      break;
    }
    case '--state-file':
      if (value === '') throw new UsageError('--state-file needs a path');
      options.stateFile = value;
      break;
    case '--error-format':
      if (!['string', 'object'].includes(value)) throw new UsageError('--error-format must be "string" or "object"');
      options.errorFormat = value;
      break;
    case '--list-format':
      if (!['data', 'bare'].includes(value)) throw new UsageError('--list-format must be "data" or "bare"');
      options.listFormat = value;
      break;
    default:
      throw new UsageError(`unknown flag: ${flag}`);
  }
}
