// Paths to the repository and to the dev tools installed in tests/node_modules
// (esbuild, vite, miniflare, playwright-core, tsc, attw, publint, deno, bun).
// Tests import the tools from there by absolute path, so a throwaway project
// in a temp folder only ever contains the package under test.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const REPO = fileURLToPath(new URL('../../', import.meta.url));
export const TESTS = join(REPO, 'tests');
const requireFromTests = createRequire(join(TESTS, 'package.json'));

/** Absolute path of an executable in tests/node_modules/.bin. */
export function bin(name) {
  const path = join(TESTS, 'node_modules', '.bin', name);
  if (!existsSync(path)) throw new Error(`${path} is missing: run \`make setup\` (npm ci in tests/)`);
  return path;
}

/** Imports a dev dependency of tests/ (ESM or CJS) by package name. */
export async function importTool(name) {
  return import(pathToFileURL(requireFromTests.resolve(name)).href);
}

/** Requires a CommonJS dev dependency of tests/ (playwright-core). */
export function requireTool(name) {
  return requireFromTests(name);
}

/**
 * The dev tools of another folder with a package.json of its own (such as
 * tests/packaging, which holds the bundlers): { bin, importTool, requireTool }
 * as above, resolved from `folder` (relative to the repository).
 */
export function toolsOf(folder) {
  const base = join(REPO, folder);
  const requireFrom = createRequire(join(base, 'package.json'));
  return {
    bin(name) {
      const path = join(base, 'node_modules', '.bin', name);
      if (!existsSync(path)) throw new Error(`${path} is missing: run \`make setup\` (npm ci in ${folder})`);
      return path;
    },
    importTool: async (name) => import(pathToFileURL(requireFrom.resolve(name)).href),
    requireTool: (name) => requireFrom(name),
    /** Absolute path of a package's main file, as `require.resolve` finds it from `folder`. */
    resolveTool: (name) => requireFrom.resolve(name),
  };
}
