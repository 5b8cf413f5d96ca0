// The packed npm tarball (build/callingbox-webhooks-<version>.tgz, made by
// `make build`) and throwaway projects that install it the way a user would:
// `npm install <path to .tgz>` in a fresh folder under the OS temp dir.
//
// Set CALLINGBOX_TARBALL to test another tarball (an absolute path).
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, lstatSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { REPO } from './tools.mjs';
import { run } from './exec.mjs';

export const PACKAGE_NAME = 'callingbox-webhooks';

/** Absolute path of the tarball under test; throws with a hint when it is missing. */
export function tarballPath() {
  if (process.env.CALLINGBOX_TARBALL) return process.env.CALLINGBOX_TARBALL;
  const { name, version } = JSON.parse(readFileSync(join(REPO, 'pkg-template/package.json'), 'utf8'));
  const path = join(REPO, 'build', `${name}-${version}.tgz`);
  if (!existsSync(path)) throw new Error(`${path} does not exist: run \`make build\` first`);
  return path;
}

/**
 * Copies the tarball into `dir`, waiting for a build in progress to finish:
 * .ci/build.sh holds an exclusive flock on build/.lock while it rebuilds and
 * repacks, so a shared lock here never sees a half-written tarball.
 */
export function snapshotTarball(dir) {
  const source = tarballPath();
  const target = join(dir, basename(source));
  const lock = join(REPO, 'build', '.lock');
  if (!process.env.CALLINGBOX_TARBALL && existsSync(lock)) {
    execFileSync('flock', ['--shared', '--timeout', '300', lock, 'cp', source, target]);
  } else {
    cpSync(source, target);
  }
  return target;
}

/**
 * A fresh project under the temp dir (its path contains a space on purpose,
 * to catch file-URL/path confusions in the loaders) with the tarball
 * installed. `packageJson` is merged into the project's package.json before
 * the install; `files` maps relative paths to contents to write.
 *
 * Returns { dir, packageDir, tarball, sha256, remove() }.
 */
export async function installTarball(label, { packageJson = {}, files = {}, keep = process.env.KEEP_FIXTURES === '1' } = {}) {
  const dir = mkdtempSync(join(tmpdir(), `callingbox webhooks-${label}-`));
  const tarball = snapshotTarball(dir);
  const sha256 = createHash('sha256').update(readFileSync(tarball)).digest('hex');
  writeFileSync(
    join(dir, 'package.json'),
    JSON.stringify({ name: `fixture-${label}`, private: true, version: '0.0.0', ...packageJson }, null, 2),
  );
  for (const [path, contents] of Object.entries(files)) writeFileSync(join(dir, path), contents);
  // The package has no dependencies, so this never needs the registry.
  await run('npm', ['install', '--no-audit', '--no-fund', '--no-update-notifier', '--prefer-offline', tarball], {
    cwd: dir,
    timeoutMs: 120_000,
    env: { npm_config_loglevel: 'error' },
  });
  const packageDir = join(dir, 'node_modules', PACKAGE_NAME);
  // npm links a directory but extracts a tarball: a symlink here would mean
  // we are testing the source tree, not what ships.
  if (!existsSync(packageDir) || lstatSync(packageDir).isSymbolicLink() || !statSync(packageDir).isDirectory()) {
    throw new Error(`${packageDir} is not an extracted package`);
  }
  return {
    dir,
    packageDir,
    tarball,
    sha256,
    remove() {
      if (keep) console.log(`# kept fixture project ${dir}`);
      else rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The installed package's package.json. */
export function installedManifest(project) {
  return JSON.parse(readFileSync(join(project.packageDir, 'package.json'), 'utf8'));
}

/**
 * Resolves `subpath` ('.' or './verify') through the installed package's
 * exports map for `conditions` (in the runtime's priority order), the way
 * Node's resolver does: the first key of each object that is a listed
 * condition or `default` wins. Returns the target ('./browser.js').
 */
export function resolveExport(manifest, subpath, conditions) {
  let target = manifest.exports?.[subpath];
  if (target === undefined) throw new Error(`exports has no ${subpath}`);
  while (target !== null && typeof target === 'object') {
    const key = Object.keys(target).find((k) => k === 'default' || conditions.includes(k));
    if (key === undefined) throw new Error(`exports[${subpath}] has no target for conditions ${conditions.join(', ')}`);
    target = target[key];
  }
  if (typeof target !== 'string') throw new Error(`exports[${subpath}] resolved to ${target}`);
  return target;
}
