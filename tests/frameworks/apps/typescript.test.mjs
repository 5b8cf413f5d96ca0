// TypeScript: one CommonJS project (src/server.ts, and src/server.mts as an
// ES module) compiled by `tsc -p` under each module resolution, with
// skipLibCheck off and no dom lib, as a Node server is: node16, nodenext and
// bundler with TypeScript 7, node10 with TypeScript 6 (TypeScript 7 removed
// node10). Each compiled server then runs on Node 24 and Node 20.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { runAllowingFailure } from '../../support/exec.mjs';
import { appEnv } from '../lib/node.mjs';
import { itReceives, useFixture, useServer } from '../lib/suite.mjs';

const installed = useFixture(import.meta.url, 'typescript');
const PACKAGE = 'node_modules/callingbox-webhooks/';

const COMPILES = [
  {
    resolution: 'nodenext',
    tsc: 'node_modules/typescript/bin/tsc',
    servers: ['server.js', 'server.mjs'],
    read: ['router/index.d.cts', 'node/index.d.cts', 'verify.d.cts', 'node/index.d.ts', 'verify.d.ts'],
  },
  {
    resolution: 'node16',
    tsc: 'node_modules/typescript/bin/tsc',
    servers: ['server.js', 'server.mjs'],
    read: ['router/index.d.cts', 'node/index.d.cts', 'verify.d.cts', 'node/index.d.ts', 'verify.d.ts'],
  },
  { resolution: 'bundler', tsc: 'node_modules/typescript/bin/tsc', servers: ['server.mjs'], read: ['node/index.d.ts', 'verify.d.ts'] },
  { resolution: 'node10', tsc: 'node_modules/typescript-6/bin/tsc', servers: ['server.js'], read: ['router/index.d.ts', 'node/index.d.ts'] },
];

for (const { resolution, tsc, servers, read } of COMPILES) {
  describe(`moduleResolution ${resolution}`, () => {
    const compiled = {};
    before(async () => {
      const result = await runAllowingFailure('node', [tsc, '-p', `tsconfig.${resolution}.json`, '--listFiles'], { cwd: installed.dir, env: appEnv(24), timeoutMs: 180_000 });
      Object.assign(compiled, result);
    });

    it(`tsc -p tsconfig.${resolution}.json compiles with no error (the @ts-expect-error lines included) against the package’s declarations`, () => {
      const output = `${compiled.stdout}${compiled.stderr}`;
      assert.equal(compiled.code, 0, output);
      const listed = compiled.stdout.split('\n').filter((l) => l.includes(PACKAGE)).map((l) => l.slice(l.indexOf(PACKAGE) + PACKAGE.length));
      for (const file of read) assert.ok(listed.includes(file), `tsc never read ${PACKAGE}${file}; it read ${listed.join(', ')}`);
      if (!servers.includes('server.js')) assert.deepEqual(listed.filter((f) => f.endsWith('.d.cts')), [], 'an ES module read CommonJS declarations');
    });

    for (const server of servers) {
      for (const major of [24, 20]) {
        describe(`dist/${resolution}/${server} on Node ${major}`, () => {
          const app = useServer(installed, { major, args: [join('dist', resolution, server)] });
          itReceives('answers a signed delivery 200, a tampered or unsigned one 400', installed, app, '/webhooks/callingbox', { router: server === 'server.js' });
        });
      }
    }
  });
}
