// The README sections "Receive webhooks in Express / Fastify / Hono / with
// Node's http server" quote the fixtures: every block marked
// `<!-- file: PATH -->` must equal that file (trailing whitespace aside), so
// the code a user copies from README.md is code these tests run.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { REPO } from '../../support/tools.mjs';

const MARKED_BLOCK = /<!-- file: (\S+) -->\n```[\w-]*\n([\s\S]*?)\n```/g;
const FIXTURES = [
  'tests/frameworks/node/express/server.mjs',
  'tests/frameworks/node/fastify/server.mjs',
  'tests/frameworks/node/node-http/server.mjs',
  'tests/frameworks/node/hono-node/server.mjs',
  'tests/frameworks/node/hono-workers/src/index.js',
];
const HEADINGS = [
  'Receive webhooks in Express',
  'Receive webhooks in Fastify',
  "Receive webhooks with Node's http server",
  'Receive webhooks in Hono',
];
const README = 'README.md';
const text = readFileSync(join(REPO, README), 'utf8');
const headings = new Set([...text.matchAll(/^#{2,3} (.+)$/gm)].map(([, title]) => title));

describe('The README sections "Receive webhooks in Express / Fastify / Node http / Hono"', () => {
  it('are headings of README.md', () => {
    for (const title of HEADINGS) assert.ok(headings.has(title), `README.md has no heading "${title}"`);
  });

  it('README.md quotes every framework fixture', () => {
    const quoted = [...text.matchAll(MARKED_BLOCK)].map(([, file]) => file);
    for (const fixture of FIXTURES) assert.ok(quoted.includes(fixture), `README.md does not quote ${fixture}`);
  });

  for (const [, file, code] of text.matchAll(MARKED_BLOCK)) {
    if (!FIXTURES.includes(file)) continue;
    it(`README.md quotes ${file} exactly as the file is`, () => {
      assert.equal(code.trimEnd(), readFileSync(join(REPO, file), 'utf8').trimEnd());
    });
  }
});
