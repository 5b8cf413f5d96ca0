// Flag parsing shared by every command. Each command declares its flags;
// anything else is a usage error (exit status 2, with the command's usage line).

/** A wrong command line: the message says what was wrong; the CLI adds the usage line and exits with 2. */
export class UsageError extends Error {}

/**
 * Parses `argv` against a command's flags.
 *
 * `flags` maps each flag's name (without `--`) to `{ value: true }` for a flag
 * that takes a value (`--port 4010` or `--port=4010`), `{ repeat: true }` too
 * when it may be given several times (its values come back as an array), or
 * `{}` for a switch. `--` ends the flags. (`--help` is handled before: see index.js.)
 *
 * @param {string[]} argv
 * @param {{flags: Record<string, {value?: boolean, repeat?: boolean}>, maxPositionals?: number}} spec
 * @returns {{flags: Record<string, string|string[]|boolean>, positionals: string[]}}
 */
export function parseFlags(argv, { flags, maxPositionals = 0 }) {
  const found = {};
  const positionals = [];
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i];
    if (arg === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith('-') || arg === '-') {
      positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = arg.startsWith('--') ? arg.slice(2, eq > 0 ? eq : undefined) : null;
    const flag = name !== null && Object.hasOwn(flags, name) ? flags[name] : undefined;
    if (!flag) throw new UsageError(`unknown flag: ${eq > 0 ? arg.slice(0, eq) : arg}`);
    if (!flag.value) {
      if (eq > 0) throw new UsageError(`--${name} takes no value`);
      found[name] = true;
      continue;
    }
    let value;
    if (eq > 0) value = arg.slice(eq + 1);
    else {
      value = argv[i + 1];
      // `--secret --json` is a forgotten value, not a secret named "--json".
      if (value === undefined || (value.startsWith('--') && value.length > 2)) throw new UsageError(`--${name} needs a value`);
      i += 1;
    }
    if (flag.repeat) (found[name] ??= []).push(value);
    else if (name in found) throw new UsageError(`--${name} was given twice`);
    else found[name] = value;
  }
  if (positionals.length > maxPositionals) {
    throw new UsageError(maxPositionals === 0 ? `unexpected argument: ${positionals[0]}` : `unexpected argument: ${positionals[maxPositionals]}`);
  }
  return { flags: found, positionals };
}

/** A TCP port from a flag value: an integer from 0 to 65535. */
export function parsePort(value, flag = '--port') {
  const port = /^\d{1,5}$/.test(value) ? Number(value) : NaN;
  if (!(port >= 0 && port <= 65535)) throw new UsageError(`${flag} must be an integer from 0 to 65535, got ${value}`);
  return port;
}

/** An absolute http(s) URL from a flag value. */
export function parseHttpUrl(value, flag) {
  let url;
  try {
    url = new URL(value);
  } catch {
    throw new UsageError(`${flag} must be an absolute http:// or https:// URL, got ${value}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new UsageError(`${flag} must be an http:// or https:// URL, got ${url.protocol}`);
  }
  return url.href;
}

/**
 * The signing secrets from `--secret` (repeatable) or, when none is given,
 * CALLINGBOX_WEBHOOK_SECRET (comma-separated, as the examples keep it).
 * The values themselves never appear in a message.
 */
export function secretsFrom(flags, env) {
  const given = flags.secret ?? (env.CALLINGBOX_WEBHOOK_SECRET ? env.CALLINGBOX_WEBHOOK_SECRET.split(',') : []);
  const secrets = given.map((secret) => secret.trim()).filter(Boolean);
  if (secrets.length === 0) throw new UsageError('--secret is required (or set CALLINGBOX_WEBHOOK_SECRET)');
  return secrets;
}
