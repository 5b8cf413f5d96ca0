// Starts a fixture's real server as a child process on a free port and
// waits until it says it listens; stop() ends it (and its children).
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';

/** A TCP port that was free a moment ago on 127.0.0.1. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

/**
 * Runs `command args` in `cwd` with PORT set to a free port (also passed to
 * `args` through `{port}`), until its output matches `ready`.
 *
 * Resolves { url, port, output(), stop() }: `url` is http://127.0.0.1:<port>,
 * `output()` everything it printed so far (stdout and stderr). Rejects with
 * that output when the process exits or `timeoutMs` passes first.
 */
export async function startServer({ cwd, command, args = [], env = process.env, ready = /listening/i, timeoutMs = 30_000 }) {
  const port = await freePort();
  const child = spawn(command, args.map((arg) => arg.replaceAll('{port}', String(port))), {
    cwd,
    env: { ...env, PORT: String(port), NO_COLOR: '1', FORCE_COLOR: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
    // Its own process group, so that stop() also ends what it started
    // (wrangler starts workerd).
    detached: true,
  });
  let output = '';
  let exited = null;
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  const exit = new Promise((resolve) => child.once('exit', (code, signal) => resolve((exited = { code, signal }))));

  const stop = async () => {
    if (exited) return;
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      return;
    }
    const timer = setTimeout(() => {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {}
    }, 5_000);
    await exit;
    clearTimeout(timer);
  };

  const started = Date.now();
  while (!ready.test(output)) {
    if (exited) throw new Error(`${command} ${args.join(' ')} exited (${exited.code ?? exited.signal}) before it listened:\n${output}`);
    if (Date.now() - started > timeoutMs) {
      await stop();
      throw new Error(`${command} ${args.join(' ')} did not print ${ready} within ${timeoutMs} ms:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return { url: `http://127.0.0.1:${port}`, port, output: () => output, stop };
}
