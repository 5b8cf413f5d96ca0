// Framework fixtures: real apps that depend on the packed tarball, installed
// the way their users would, from a committed package.json and
// package-lock.json.
//
// A fixture's package.json depends on `"callingbox-webhooks":
// "file:callingbox-webhooks.tgz"`; its lock file records that entry without
// an `integrity` (every build makes a new tarball), and everything else
// exactly. installFixture copies the fixture to a temp folder, puts the
// tarball under test beside it and runs `npm ci`: the frameworks come from the
// registry at the locked versions (through npm's one cache, ~/.npm, so a
// second run is offline), the package from the tarball.
//
// `node tests/frameworks/lib/fixture.mjs lock <fixture dir>...` rewrites the
// lock files after a change to a fixture's package.json.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { run } from '../../support/exec.mjs';
import { envFor, FIXTURE_NODE_MAJOR } from '../../support/node-versions.mjs';
import { tarballPath } from '../../support/tarball.mjs';

export const PACKAGE = 'callingbox-webhooks';
const TARBALL_NAME = `${PACKAGE}.tgz`;
const SKIP = new Set(['node_modules', '.wrangler', 'dist', TARBALL_NAME]);
const NPM_FLAGS = ['--no-audit', '--no-fund', '--no-update-notifier', '--loglevel=error'];

/**
 * Installs the fixture in `fixtureDir` into a fresh temp folder with the
 * tarball under test. npm runs under Node `nodeMajor` (the fixtures' major by
 * default; the lock file does not depend on it).
 *
 * Returns { dir, requirePackage(subpath), remove() }; `requirePackage`
 * loads the installed package (CommonJS) from the fixture, e.g. for its
 * signPayload.
 */
export async function installFixture(fixtureDir, { nodeMajor = FIXTURE_NODE_MAJOR, keep = process.env.KEEP_FIXTURES === '1' } = {}) {
  const dir = mkdtempSync(join(tmpdir(), `callingbox webhooks-${basename(fixtureDir)}-`));
  cpSync(fixtureDir, dir, { recursive: true, filter: (path) => !SKIP.has(basename(path)) });
  cpSync(tarballPath(), join(dir, TARBALL_NAME));
  const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  if (manifest.dependencies?.[PACKAGE] !== `file:${TARBALL_NAME}`) {
    throw new Error(`${fixtureDir}/package.json must depend on "${PACKAGE}": "file:${TARBALL_NAME}"`);
  }
  await run('npm', ['ci', '--prefer-offline', ...NPM_FLAGS], { cwd: dir, env: envFor(nodeMajor), timeoutMs: 300_000 });
  const requireFromFixture = createRequire(join(dir, 'package.json'));
  return {
    dir,
    requirePackage: (subpath = '') => requireFromFixture(`${PACKAGE}${subpath}`),
    remove() {
      if (keep) console.log(`# kept fixture ${dir}`);
      else rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Rewrites `fixtureDir/package-lock.json` from its package.json (npm under
 * the fixtures' Node major), without the tarball's integrity.
 */
export async function lockFixture(fixtureDir) {
  const tarball = join(fixtureDir, TARBALL_NAME);
  cpSync(tarballPath(), tarball);
  try {
    await run('npm', ['install', '--package-lock-only', ...NPM_FLAGS], { cwd: fixtureDir, env: envFor(FIXTURE_NODE_MAJOR), timeoutMs: 300_000 });
  } finally {
    rmSync(tarball, { force: true });
  }
  const lockPath = join(fixtureDir, 'package-lock.json');
  const lock = JSON.parse(readFileSync(lockPath, 'utf8'));
  delete lock.packages[`node_modules/${PACKAGE}`].integrity;
  writeFileSync(lockPath, `${JSON.stringify(lock, null, 2)}\n`);
}

if (process.argv[1] === new URL(import.meta.url).pathname && process.argv[2] === 'lock') {
  for (const dir of process.argv.slice(3)) {
    await lockFixture(resolve(dir));
    console.log(`locked ${dir}`);
  }
}
