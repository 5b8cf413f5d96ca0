// Where things are: the repository, the packed tarball, the dev tools in tests/node_modules.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

export const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
export const TESTS = join(ROOT, 'tests');
export const EXAMPLES = join(ROOT, 'examples');
export const BIN = join(TESTS, 'node_modules/.bin');
export const DENO = join(BIN, 'deno');
export const BUN = join(BIN, 'bun');

/** require() that resolves from tests/node_modules (esbuild, miniflare). */
export const devRequire = createRequire(join(TESTS, 'package.json'));

/** The tarball `bash .ci/build.sh` packs: what users install. */
export function tarballPath() {
  const { name, version } = devRequire(join(ROOT, 'pkg-template/package.json'));
  const path = join(ROOT, 'build', `${name}-${version}.tgz`);
  if (!existsSync(path)) throw new Error(`${path} is missing: run \`bash .ci/build.sh\` first`);
  return path;
}
