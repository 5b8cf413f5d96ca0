// Runs a command and collects its output; rejects with everything it printed
// when it exits non-zero or outlives its timeout, so a failing fixture says why.
import { spawn } from 'node:child_process';

export function run(command, args, { cwd, env, timeoutMs = 60_000, input } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd,
      env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0', ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${command} ${args.join(' ')} timed out after ${timeoutMs} ms\n--- stdout\n${stdout}\n--- stderr\n${stderr}`));
    }, timeoutMs);
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const result = { code, signal, stdout, stderr };
      if (code === 0) resolve(result);
      else {
        const err = new Error(`${command} ${args.join(' ')} exited with ${code ?? signal} (cwd ${cwd})\n--- stdout\n${stdout}\n--- stderr\n${stderr}`);
        Object.assign(err, result);
        reject(err);
      }
    });
    // A command that exits before reading its stdin (node --version) makes
    // this write fail with EPIPE: that is not the command failing.
    child.stdin.on('error', () => {});
    child.stdin.end(input ?? '');
  });
}

/** Like run(), but resolves with the result even when the command fails. */
export function runAllowingFailure(command, args, options) {
  return run(command, args, options).catch((err) => {
    if (typeof err.code === 'number' || err.signal) return err;
    throw err;
  });
}
