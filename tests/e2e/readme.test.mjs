// The READMEs' code is the examples' code: every block marked
// `<!-- file: PATH -->` must equal that file, byte for byte (trailing
// whitespace aside). Checks the Worker example's README, the repository's
// README (whose Worker section quotes the same files) and the package's
// README (what npm shows).
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ROOT } from './lib/paths.mjs';

const MARKED_BLOCK = /<!-- file: (\S+) -->\n```[\w-]*\n([\s\S]*?)\n```/g;

function quotedFiles(readme) {
  const text = readFileSync(join(ROOT, readme), 'utf8');
  return [...text.matchAll(MARKED_BLOCK)].map(([, path, code]) => ({ path, code }));
}

const readmes = ['examples/cloudflare-worker/README.md', 'README.md', 'pkg-template/README.md']
  .filter((readme) => existsSync(join(ROOT, readme)) && quotedFiles(readme).length > 0);

describe('The README section "Verify webhooks in a Cloudflare Worker"', () => {
  it('quotes the Worker, its wrangler config and both scripts', () => {
    const paths = quotedFiles('examples/cloudflare-worker/README.md').map((block) => block.path);
    assert.deepEqual(paths.sort(), [
      'examples/cloudflare-worker/scripts/register.mjs',
      'examples/cloudflare-worker/scripts/rotate.mjs',
      'examples/cloudflare-worker/src/index.js',
      'examples/cloudflare-worker/wrangler.jsonc',
    ]);
    const text = readFileSync(join(ROOT, 'examples/cloudflare-worker/README.md'), 'utf8');
    assert.match(text, /^## Verify webhooks in a Cloudflare Worker$/m);
  });

  it('is in the repository README too, with the Worker and its wrangler config', () => {
    const paths = quotedFiles('README.md').map((block) => block.path);
    assert.ok(paths.includes('examples/cloudflare-worker/src/index.js'), 'README.md does not quote the Worker');
    assert.ok(paths.includes('examples/cloudflare-worker/wrangler.jsonc'), 'README.md does not quote wrangler.jsonc');
    const text = readFileSync(join(ROOT, 'README.md'), 'utf8');
    assert.match(text, /^#{2,3} Verify webhooks in a Cloudflare Worker$/m);
  });

  for (const readme of readmes) {
    for (const { path, code } of quotedFiles(readme)) {
      it(`quotes ${path} in ${readme} exactly as the file is`, () => {
        assert.equal(code.trimEnd(), readFileSync(join(ROOT, path), 'utf8').trimEnd());
      });
    }
  }
});
