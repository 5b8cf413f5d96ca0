// Installs an example the way its user would: a copy of the example folder
// with `npm install` of the package from the packed tarball (the registry
// does not have this build). Dev tools the example names for its users
// (wrangler) are left out: the suites bring their own from tests/node_modules.
import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, isAbsolute, join } from 'node:path';
import { promisify } from 'node:util';
import { EXAMPLES, tarballPath } from './paths.mjs';

const run = promisify(execFile);
const SKIP = new Set(['node_modules', 'dist', '.wrangler', 'package-lock.json']);

/**
 * @param {string} example folder name under examples/, or an absolute path
 * @returns {Promise<{dir: string, remove: () => void}>}
 */
export async function installExample(example) {
  const source = isAbsolute(example) ? example : join(EXAMPLES, example);
  const dir = mkdtempSync(join(tmpdir(), `cb-e2e-${basename(source)}-`));
  cpSync(source, dir, { recursive: true, filter: (path) => !SKIP.has(basename(path)) });
  const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  if (!manifest.dependencies?.['callingbox-webhooks']) {
    throw new Error(`${source}/package.json must depend on callingbox-webhooks`);
  }
  manifest.dependencies['callingbox-webhooks'] = `file:${tarballPath()}`;
  delete manifest.devDependencies;
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  await run('npm', ['install', '--offline', '--no-audit', '--no-fund', '--no-package-lock', '--loglevel=error'], {
    cwd: dir,
    env: { ...process.env, npm_config_update_notifier: 'false' },
  });
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
