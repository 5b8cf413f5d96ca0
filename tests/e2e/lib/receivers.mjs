// Starts an example receiver and watches what it processes. Every receiver
// has the same face:
//   url          where CallingBox (the emulator) delivers
//   processed()  event ids from its `processed <type> <id>` log lines, in order
//   logs         every log line
//   setSecrets(list)  restarts it on the same port with CALLINGBOX_WEBHOOK_SECRET=list.join(',')
//   stop()
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bundleWorker, readWranglerConfig } from './bundle.mjs';
import { BUN, DENO, devRequire } from './paths.mjs';
import { readLines, waitFor } from './util.mjs';

const PROCESSED = /^processed (\S+) (\S+)$/;

function logBook() {
  const logs = [];
  return {
    logs,
    processed: () => logs.map((line) => PROCESSED.exec(line)).filter(Boolean).map((match) => match[2]),
    processedEvents: () => logs.map((line) => PROCESSED.exec(line)).filter(Boolean)
      .map(([, type, id]) => ({ type, id })),
  };
}

/**
 * The Cloudflare Worker example in real workerd (Miniflare's Node API), with
 * the KV namespace its wrangler.jsonc declares, persisted in a temp folder so
 * that it outlives isolate restarts. Port 0 picks a free port (kept across
 * setSecrets); `onLog`, if given, also gets each line the Worker logs.
 */
export async function startWorkerd({ dir, port, secrets, onLog }) {
  const { Miniflare } = devRequire('miniflare');
  const config = readWranglerConfig(dir);
  const bundle = await bundleWorker(join(dir, config.main));
  const persist = mkdtempSync(join(tmpdir(), 'cb-e2e-kv-'));
  const book = logBook();
  const options = (list) => ({
    modules: bundle.modules,
    modulesRoot: bundle.modulesRoot,
    compatibilityDate: config.compatibility_date,
    kvNamespaces: config.kv_namespaces.map((namespace) => namespace.binding),
    kvPersist: persist,
    bindings: { CALLINGBOX_WEBHOOK_SECRET: list.join(',') },
    host: '127.0.0.1',
    port,
    handleStructuredLogs: ({ message }) => {
      const lines = message.split('\n');
      book.logs.push(...lines);
      if (onLog) lines.forEach((line) => onLog(line));
    },
  });
  const mf = new Miniflare(options(secrets));
  let url;
  try {
    url = await mf.ready;
  } catch (error) {
    await mf.dispose().catch(() => {});
    rmSync(persist, { recursive: true, force: true });
    throw error;
  }
  return {
    ...book,
    url: url.href,
    sizes: bundle.sizes,
    modules: bundle.modules,
    config,
    kv: (binding) => mf.getKVNamespace(binding),
    async setSecrets(list) {
      await mf.setOptions(options(list));
      await mf.ready;
    },
    async stop() {
      await mf.dispose();
      rmSync(persist, { recursive: true, force: true });
    },
  };
}

/** The Deno example (`Deno.serve`) under the deno binary from tests/node_modules. */
export function startDeno({ dir, port, secrets }) {
  return startProcess({
    command: DENO,
    args: ['run', '--allow-net', '--allow-env', '--allow-read=node_modules', 'main.js'],
    env: { DENO_NO_UPDATE_CHECK: '1', NO_COLOR: '1' },
    dir, port, secrets,
  });
}

/** The Bun example (`Bun.serve`) under the bun binary from tests/node_modules. */
export function startBun({ dir, port, secrets }) {
  return startProcess({
    command: BUN,
    args: ['server.js'],
    env: { NO_COLOR: '1' },
    dir, port, secrets,
  });
}

async function startProcess({ command, args, env, dir, port, secrets }) {
  const book = logBook();
  let child = await spawnServer({ command, args, env, dir, port, secrets, book });
  return {
    ...book,
    url: `http://127.0.0.1:${port}/`,
    async setSecrets(list) {
      await stopChild(child);
      child = await spawnServer({ command, args, env, dir, port, secrets: list, book });
    },
    stop: () => stopChild(child),
  };
}

async function spawnServer({ command, args, env, dir, port, secrets, book }) {
  const child = spawn(command, args, {
    cwd: dir,
    env: { ...process.env, ...env, HOST: '127.0.0.1', PORT: String(port), CALLINGBOX_WEBHOOK_SECRET: secrets.join(',') },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const kill = () => child.kill('SIGKILL');
  process.once('exit', kill);
  child.exited = new Promise((resolve) => child.once('exit', (code, signal) => {
    process.off('exit', kill);
    resolve(code ?? signal);
  }));
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (text) => { stderr += text; });
  let listening = false;
  readLines(child.stdout, (line) => {
    if (line.startsWith('Listening on ')) listening = true;
    book.logs.push(line);
  });
  let exitCode;
  child.exited.then((code) => { exitCode = code; });
  try {
    await waitFor(`${command} to listen on port ${port}`, () => {
      if (exitCode !== undefined) throw new Error(`exited with ${exitCode}; stderr: ${stderr.trim()}`);
      return listening;
    }, { timeoutMs: 20_000 });
  } catch (error) {
    kill();
    error.message += `\nstderr: ${stderr.trim()}`;
    throw error;
  }
  return child;
}

async function stopChild(child) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
  await child.exited;
  clearTimeout(timer);
}
