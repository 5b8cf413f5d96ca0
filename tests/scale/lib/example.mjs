// Installs examples/cloudflare-scale the way its README says (npm ci from the
// committed package-lock.json, wrangler included), with callingbox-webhooks
// taken from the packed tarball, and runs it under `wrangler dev` with the
// recording fixture (fixture/worker.js) in place of the example's handler.
import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { run } from '../../support/exec.mjs';
import { envFor } from '../../support/node-versions.mjs';
import { snapshotTarball } from '../../support/tarball.mjs';
import { REPO } from '../../support/tools.mjs';
import { parseJsonc, readLines, waitFor } from '../../e2e/lib/util.mjs';

export const EXAMPLE = join(REPO, 'examples', 'cloudflare-scale');
const FIXTURE = fileURLToPath(new URL('../fixture/', import.meta.url));
const SKIP = new Set(['node_modules', 'dist', '.wrangler', '.dev.vars']);
/** The Node major the example's wrangler runs on (the newest wrangler needs 22 or later). */
export const WRANGLER_NODE = 24;
/** The last wrangler that runs on Node 20, what the README tells Node 20 users to install. */
export const NODE20_WRANGLER = '4.86.0';

/** The example's wrangler config, parsed. */
export function exampleConfig() {
  return parseJsonc(readFileSync(join(EXAMPLE, 'wrangler.jsonc'), 'utf8'));
}

/**
 * A copy of the example in a temp folder with its dependencies installed.
 * Default: `npm ci` from the committed lock on Node 24, the lock's
 * callingbox-webhooks entry pointed at a snapshot of the packed tarball.
 * With `wrangler`: what a Node 20 user does instead (`npm install` with that
 * wrangler version, no lock). `example`: another example folder laid out the
 * same way (a lock resolving the package to build/), e.g. the simple Worker.
 *
 * @param {{node?: number, wrangler?: string, example?: string}} [options]
 * @returns {Promise<{dir: string, node: number, env: object, remove: () => void}>}
 */
export async function installExample({ node = WRANGLER_NODE, wrangler, example = EXAMPLE } = {}) {
  const dir = mkdtempSync(join(tmpdir(), example === EXAMPLE ? 'cb-scale-' : `cb-${basename(example)}-`));
  cpSync(example, dir, { recursive: true, filter: (path) => !SKIP.has(basename(path)) });
  const tarball = basename(snapshotTarball(dir));
  const manifestPath = join(dir, 'package.json');
  const lockPath = join(dir, 'package-lock.json');
  if (wrangler) {
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
    manifest.dependencies['callingbox-webhooks'] = `file:./${tarball}`;
    manifest.devDependencies.wrangler = wrangler;
    writeFileSync(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);
    rmSync(lockPath);
  } else {
    // The committed lock resolves the package to the repository's build/
    // folder (it is not on the registry yet) without an integrity, so that
    // any fresh build installs; here it is the snapshot beside the copy.
    const lock = JSON.parse(readFileSync(lockPath, 'utf8'));
    const entry = lock.packages['node_modules/callingbox-webhooks'];
    if (!entry) throw new Error('package-lock.json has no node_modules/callingbox-webhooks entry');
    entry.resolved = `file:./${tarball}`;
    writeFileSync(lockPath, `${JSON.stringify(lock, null, 2)}\n`);
  }
  const env = envFor(node, { ...process.env, npm_config_update_notifier: 'false', WRANGLER_SEND_METRICS: 'false' });
  const args = wrangler ? ['install', '--no-audit', '--no-fund', '--loglevel=error'] : ['ci', '--no-audit', '--no-fund', '--loglevel=error'];
  await run('npm', args, { cwd: dir, env, timeoutMs: 240_000 });
  return { dir, node, env, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Imports callingbox-webhooks as installed in the copy (Node picks its node entry). */
export async function importPackage(installed) {
  const shim = join(installed.dir, 'package-shim.mjs');
  writeFileSync(shim, "export * from 'callingbox-webhooks';\n");
  return import(pathToFileURL(shim).href);
}

/**
 * Writes the fixture next to the example (.scale-test/) with a wrangler
 * config that is the example's plus a D1 database for the records, and
 * returns the config's path.
 *
 * @param {object} installed from installExample
 * @param {{vars?: object}} [options] vars override the example's
 */
export function writeFixture(installed, { vars = {} } = {}) {
  const target = join(installed.dir, '.scale-test');
  mkdirSync(target, { recursive: true });
  cpSync(join(FIXTURE, 'worker.js'), join(target, 'worker.js'));
  const config = parseJsonc(readFileSync(join(installed.dir, 'wrangler.jsonc'), 'utf8'));
  delete config.$schema;
  config.main = '.scale-test/worker.js';
  config.vars = { ...config.vars, ...vars };
  config.d1_databases = [{ binding: 'TEST_DB', database_name: 'scale-test', database_id: '00000000-0000-4000-8000-000000000000' }];
  const path = join(installed.dir, 'wrangler.scale-test.json');
  writeFileSync(path, `${JSON.stringify(config, null, 2)}\n`);
  return path;
}

/**
 * `wrangler dev` (local mode: workerd with Queues, Durable Objects and D1
 * from Miniflare) on `port`, state in a temp folder, wrangler's log level
 * `logLevel`. Resolves once it serves; `logs` collects every output line.
 * `inspectorPort` (default 0: any free one) is passed on as
 * `--inspector-port`: wrangler's own default probes from 9229, which races
 * with another wrangler dev starting at the same moment in a parallel suite
 * (one of them fails: address in use).
 *
 * @returns {Promise<{url: string, logs: string[], stop: () => Promise<void>}>}
 */
export async function startWranglerDev(installed, { config, port, secret, inspectorPort = 0, logLevel = 'log', timeoutMs = 60_000 }) {
  const persist = mkdtempSync(join(tmpdir(), 'cb-scale-state-'));
  // The secret goes in .dev.vars, as the README says (never on a command line).
  writeFileSync(join(installed.dir, '.dev.vars'), `CALLINGBOX_WEBHOOK_SECRET=${secret}\n`);
  const args = [join(installed.dir, 'node_modules', 'wrangler', 'bin', 'wrangler.js'), 'dev',
    '--config', config, '--ip', '127.0.0.1', '--port', String(port), '--persist-to', persist,
    '--show-interactive-dev-session=false', '--log-level', logLevel,
    '--inspector-port', String(inspectorPort)];
  // Its own process group, so that stop() ends workerd with it.
  const child = spawn('node', args, {
    cwd: installed.dir,
    env: { ...installed.env, NO_COLOR: '1', FORCE_COLOR: '0', CI: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  const logs = [];
  readLines(child.stdout, (line) => logs.push(line));
  readLines(child.stderr, (line) => logs.push(line));
  let exit;
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => { exit = code ?? signal; resolve(exit); }));
  const killGroup = (signal) => { try { process.kill(-child.pid, signal); } catch { /* already gone */ } };
  const onExit = () => killGroup('SIGKILL');
  process.once('exit', onExit);
  const stop = async () => {
    process.off('exit', onExit);
    if (exit === undefined) {
      killGroup('SIGTERM');
      const timer = setTimeout(() => killGroup('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    }
    killGroup('SIGKILL'); // workerd children left behind, if any
    rmSync(persist, { recursive: true, force: true });
  };
  try {
    // Any HTTP answer (the Worker says 405 to a GET) means it serves; the
    // "Ready on" line is not printed below log level info.
    await waitFor(`wrangler dev to serve on port ${port}`, async () => {
      if (exit !== undefined) throw new Error(`wrangler dev exited with ${exit}`);
      const response = await fetch(`http://127.0.0.1:${port}/`, { signal: AbortSignal.timeout(5000) });
      await response.arrayBuffer();
      return true;
    }, { timeoutMs, intervalMs: 200 });
  } catch (error) {
    await stop();
    error.message += `\n--- wrangler dev output\n${logs.join('\n')}`;
    throw error;
  }
  return { url: `http://127.0.0.1:${port}`, logs, stop };
}
