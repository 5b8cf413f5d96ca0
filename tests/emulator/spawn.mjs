// Starts the emulator as a child process, for test suites: the package's CLI
// (`callingbox-webhooks emulator`, pkg-template/cli/index.js, run from the
// source tree, so no build is needed):
//   const emu = await spawnEmulator(['--port', '0', '--time-scale', '36000']);
//   ... fetch(`${emu.url}/v1/webhook_endpoints`) ...
//   await emu.stop();
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The CLI's entry; `node CLI emulator [flags]` runs the emulator. */
export const CLI = fileURLToPath(new URL('../../pkg-template/cli/index.js', import.meta.url));
const FIRST_LINE = /^CallingBox emulator listening on (http:\/\/127\.0\.0\.1:(\d+))$/;

/**
 * @param {string[]} [args] CLI flags (e.g. ['--port', '0'])
 * @param {{timeoutMs?: number}} [options]
 * @returns {Promise<{url: string, port: number, process: import('node:child_process').ChildProcess,
 *   lines: string[], stderr: () => string, stop: () => Promise<number|null>}>}
 *   `lines` collects every stdout line (the first included) as it arrives.
 */
export function spawnEmulator(args = [], { timeoutMs = 10_000 } = {}) {
  // --stdin-watchdog: if this process dies without stop(), the child exits too.
  const child = spawn(process.execPath, [CLI, 'emulator', '--stdin-watchdog', ...args], {
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const lines = [];
  let stderr = '';
  let pending = '';
  // 'close', not 'exit': it comes after stdout has been read to the end.
  const exited = new Promise((resolve) => child.once('close', (code, signal) => resolve(code ?? signal)));
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);

  child.stderr.setEncoding('utf8').on('data', (text) => { stderr += text; });

  return new Promise((resolve, reject) => {
    const fail = (message) => {
      clearTimeout(timer);
      child.off('exit', exitedEarly);
      child.kill('SIGKILL');
      process.off('exit', killOnExit);
      reject(new Error(`${message}\nstderr: ${stderr.trim()}`));
    };
    const timer = setTimeout(() => fail(`emulator did not start within ${timeoutMs} ms`), timeoutMs);
    const exitedEarly = (code) => fail(`emulator exited with code ${code} before listening`);
    child.once('exit', exitedEarly);

    // Keep reading stdout for the child's whole life so its pipe never fills up.
    child.stdout.setEncoding('utf8').on('data', (text) => {
      const parts = (pending + text).split('\n');
      pending = parts.pop();
      for (const line of parts) {
        lines.push(line);
        if (lines.length === 1) onFirstLine(line);
      }
    });

    function onFirstLine(line) {
      const match = FIRST_LINE.exec(line);
      if (!match) return fail(`unexpected first line from emulator: ${JSON.stringify(line)}`);
      clearTimeout(timer);
      child.off('exit', exitedEarly);
      resolve({
        url: match[1],
        port: Number(match[2]),
        process: child,
        lines,
        stderr: () => stderr,
        stop: () => stop(child, exited, killOnExit),
      });
    }
  });
}

/** SIGTERM, then SIGKILL if the child has not exited after 5 s; resolves the exit code. */
async function stop(child, exited, killOnExit) {
  process.off('exit', killOnExit);
  if (child.exitCode === null && child.signalCode === null) {
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    const code = await exited;
    clearTimeout(timer);
    return code;
  }
  return exited;
}
