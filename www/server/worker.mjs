// The demo's second receiver: the Cloudflare Worker example
// (examples/cloudflare-worker) in real workerd, through Miniflare from
// tests/node_modules. It is installed the way a user would install it (npm
// install of the packed tarball into a temp copy), bundled once the way
// wrangler does, and run with its PROCESSED_EVENTS KV namespace. The e2e
// helpers in tests/e2e/lib do the work; this file only adds the demo's view.
//
// The Worker reads its secrets from CALLINGBOX_WEBHOOK_SECRET (comma
// separated). Secrets reach it through `setSecret(endpoint)` like the Node
// receiver's; each change restarts workerd on the same port (about 0.2 s).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { EXAMPLES, ROOT, TESTS, devRequire } from '../../tests/e2e/lib/paths.mjs';

/**
 * Throws (error.code 'DEMO_SETUP', a message saying what to run) when the
 * packed tarball or the dev tools the Worker needs are missing.
 */
export function checkExampleWorker() {
  const setupError = (message) => Object.assign(new Error(message), { code: 'DEMO_SETUP' });
  const { name, version } = devRequire(join(ROOT, 'pkg-template/package.json'));
  const tarball = join(ROOT, 'build', `${name}-${version}.tgz`);
  if (!existsSync(tarball)) {
    throw setupError(`${tarball} is missing: the demo installs the Cloudflare Worker example from it. Run \`make build\` first (\`make demo\` does).`);
  }
  try {
    devRequire.resolve('miniflare');
    devRequire.resolve('esbuild');
  } catch {
    throw setupError(`miniflare or esbuild is missing from ${join(TESTS, 'node_modules')}: run \`make setup\` first.`);
  }
}

/**
 * @param {object} [options]
 * @param {number} [options.port=0]
 * @param {(line: string) => void} [options.log] gets each line the Worker logs
 */
export async function startExampleWorker({ port = 0, log = () => {} } = {}) {
  checkExampleWorker();
  // Imported late so that the checks above explain a missing tool first.
  const { installExample } = await import('../../tests/e2e/lib/install.mjs');
  const { startWorkerd } = await import('../../tests/e2e/lib/receivers.mjs');

  const timings = {};
  let mark = Date.now();
  const example = await installExample(join(EXAMPLES, 'cloudflare-worker'));
  timings.install = Date.now() - mark;
  mark = Date.now();
  // Miniflare's exit hook answers SIGINT/SIGTERM by killing workerd and
  // exiting at once (status 130/143), before the demo can stop its other
  // services. The demo stops workerd itself on those signals, so those two
  // listeners go; Miniflare's 'exit' hook stays and still kills workerd if
  // the process ends any other way.
  const before = { SIGINT: new Set(process.listeners('SIGINT')), SIGTERM: new Set(process.listeners('SIGTERM')) };
  let workerd;
  try {
    workerd = await startWorkerd({ dir: example.dir, port, secrets: [], onLog: log });
  } catch (error) {
    example.remove();
    throw error;
  }
  for (const [signal, had] of Object.entries(before)) {
    for (const listener of process.listeners(signal)) if (!had.has(listener)) process.removeListener(signal, listener);
  }
  timings.start = Date.now() - mark;

  /** endpoint id -> [current secret, previous secret?] */
  const secrets = new Map();
  let queue = Promise.resolve();
  let closed = false;
  const url = workerd.url.replace(/\/$/, '');

  return {
    url,
    timings,
    sizes: workerd.sizes,
    /** Event ids the Worker processed (its `processed <type> <id>` lines), in order. */
    processed: () => workerd.processed(),
    logs: workerd.logs,
    /**
     * Hands the Worker the secret of an endpoint whose url points at it (create
     * or rotate answers); the previous one stays accepted, as during a real
     * rotation. Resolves once workerd runs with it; false if not for this Worker.
     */
    setSecret({ id, url: endpointUrl, signing_secret: secret }) {
      if (typeof endpointUrl !== 'string' || !(endpointUrl === url || endpointUrl.startsWith(`${url}/`))) return Promise.resolve(false);
      const known = secrets.get(id) ?? [];
      if (known[0] === secret) return queue.then(() => true);
      secrets.set(id, [secret, ...known.slice(0, 1)]);
      queue = queue.catch(() => {}).then(async () => {
        if (closed) return;
        await workerd.setSecrets([...secrets.values()].flat());
      });
      return queue.then(() => true);
    },
    async close() {
      closed = true;
      await queue.catch(() => {});
      try {
        await workerd.stop();
      } finally {
        example.remove();
      }
    },
  };
}
