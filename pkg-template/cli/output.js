// Terminal output: colours only for a terminal that wants them (a TTY, no
// NO_COLOR, not TERM=dumb), so that piped output and logs stay plain text.

/**
 * Whether to colour what goes to `stream` (https://no-color.org: NO_COLOR set
 * to anything but the empty string turns colours off).
 * @param {{isTTY?: boolean}} stream
 * @param {Record<string, string|undefined>} env
 */
export function wantsColor(stream, env) {
  return Boolean(stream.isTTY) && !env.NO_COLOR && env.TERM !== 'dumb';
}

/** ANSI styles that are the identity when `enabled` is false. */
export function palette(enabled) {
  const style = (open) => (enabled ? (text) => `\x1b[${open}m${text}\x1b[0m` : (text) => String(text));
  return { bold: style('1'), dim: style('2'), red: style('31'), green: style('32'), yellow: style('33'), cyan: style('36') };
}

/** Reads all of stdin as bytes; a terminal on stdin is a usage mistake (the body must be piped in). */
export async function readStdin(stdin, UsageError) {
  if (stdin.isTTY) throw new UsageError('pipe the raw body on stdin, e.g. `< body.json`');
  const chunks = [];
  for await (const chunk of stdin) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks);
}

/** `HH:MM:SS` in local time, for one line per delivery. */
export const clock = (date = new Date()) => date.toTimeString().slice(0, 8);

/** Whether a receiver's status counts as delivered (any 2xx). */
export const delivered = (status) => status !== null && status >= 200 && status < 300;

/** A receiver's status for a delivery line: green 2xx, red otherwise, red ERR without an answer. */
export const statusLabel = (status, c) => (status === null ? c.red('ERR') : delivered(status) ? c.green(String(status)) : c.red(String(status)));
