// The documentation for Next.js (README.md) and for SvelteKit, React Router,
// TypeScript, the browser bundlers and the test runners (docs/frameworks.md)
// quotes the fixtures: every block marked `<!-- file: PATH -->` must equal
// that file (trailing whitespace aside), so the code a user copies is code
// these tests build and run.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { REPO } from '../../support/tools.mjs';

const MARKED_BLOCK = /<!-- file: (\S+) -->\n```[\w-]*\n([\s\S]*?)\n```/g;
const APPS = 'tests/frameworks/apps/';
/** Each section, in the document a user finds it in. */
const SECTIONS = {
  'README.md': ['Receive webhooks in Next.js'],
  'docs/frameworks.md': [
    'Receive webhooks in SvelteKit',
    'Receive webhooks in React Router',
    'Receive webhooks in a TypeScript project',
    'Use it in the browser with Vite, webpack, Rollup, esbuild or Parcel',
    'Test your receiver with Jest or Vitest',
  ],
};
const FIXTURES = [
  'next/app/webhooks/node/route.js',
  'next/app/webhooks/edge/route.js',
  'next/app/webhooks/node-router/route.js',
  'next/app/signature-check/signature-check.js',
  'sveltekit/src/env.js',
  'sveltekit/src/routes/webhooks/callingbox/+server.js',
  'sveltekit/src/routes/webhooks/router/+server.js',
  'react-router/app/routes/webhooks.callingbox.js',
  'react-router/app/routes.js',
  'react-router/app/routes/webhooks.router.js',
  'typescript/src/server.ts',
  'browser-app/check-delivery.js',
  'webpack/webpack.config.js',
  'rollup/rollup.config.js',
  'vitest/test/receiver.test.js',
  'jest/test/signature-check.test.js',
].map((file) => APPS + file);

const documents = Object.keys(SECTIONS).map((path) => ({ path, text: readFileSync(join(REPO, path), 'utf8') }));
const quotedAnywhere = documents.flatMap(({ text }) => [...text.matchAll(MARKED_BLOCK)].map(([, file]) => file));

describe('The framework sections "Receive webhooks in Next.js / SvelteKit / React Router / …"', () => {
  for (const { path, text } of documents) {
    it(`${path} has its sections`, () => {
      const headings = new Set([...text.matchAll(/^#{2,3} (.+)$/gm)].map(([, title]) => title));
      for (const title of SECTIONS[path]) assert.ok(headings.has(title), `${path} has no heading "${title}"`);
    });
  }

  it('README.md and docs/frameworks.md together quote every framework fixture', () => {
    for (const fixture of FIXTURES) assert.ok(quotedAnywhere.includes(fixture), `no document quotes ${fixture}`);
  });

  for (const { path, text } of documents) {
    for (const [, file, code] of text.matchAll(MARKED_BLOCK)) {
      if (!file.startsWith(APPS)) continue;
      it(`${path} quotes ${file} exactly as the file is`, () => {
        assert.equal(code.trimEnd(), readFileSync(join(REPO, file), 'utf8').trimEnd());
      });
    }
  }
});
