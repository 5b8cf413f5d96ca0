// The error classes, from the packed tarball in one Node process: an error
// thrown through any entry (import or require, main or verify) is an
// instance of every entry's classes, because errors.js and errors.cjs share
// one set of classes (the first to load registers it under a Symbol.for key,
// the other takes it); and the classes keep their names through the build's
// minifier (`err.constructor.name`, util.inspect).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { run } from '../support/exec.mjs';
import { installTarball } from '../support/tarball.mjs';
import { fixtureFiles, parseResult } from './expect.mjs';

let project;
let result;

before(async () => {
  project = await installTarball('errors', { packageJson: { type: 'module' }, files: await fixtureFiles('errors-shared.mjs') });
  const { stdout } = await run(process.execPath, ['errors-shared.mjs'], { cwd: project.dir });
  result = parseResult(stdout, 'node errors-shared.mjs');
});

after(() => project?.remove());

test('an error thrown through any Node entry, imported or required, is an instance of every entry\'s classes', () => {
  const notShared = Object.entries(result.instanceOf).filter(([, [own, base]]) => !own || !base).map(([pair]) => pair);
  assert.deepEqual(notShared, []);
  assert.equal(Object.keys(result.instanceOf).length, 16);
});

test('the error classes keep their names: constructor.name, name and util.inspect say BadRequestError, not a minified letter', () => {
  for (const [cls, { constructor, name, inspect }] of Object.entries(result.names)) {
    assert.equal(constructor, cls);
    assert.equal(name, cls);
    assert.match(inspect, new RegExp(`^${cls}: `), `util.inspect printed ${inspect}`);
  }
});

test('the exported classes and functions keep their names too', () => {
  assert.deepEqual(result.exported, { CallingBox: 'CallingBox', Webhooks: 'Webhooks', verifySignature: 'verifySignature' });
});
