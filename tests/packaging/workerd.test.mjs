// Cloudflare Workers (the real workerd, through miniflare): a Worker that
// imports the packed tarball by name, bundled like wrangler does it.
//
// wrangler resolves packages with the conditions "workerd", "worker",
// "browser" and keeps `import wasm from './x.wasm'` as an import of a
// CompiledWasm module (workerd refuses to compile wasm from bytes at run
// time). The plugin below does the same: each imported .wasm is copied next
// to the bundle and left external, and miniflare's module rules load it as
// CompiledWasm.
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, readdirSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { after, before, test } from 'node:test';
import { installTarball } from '../support/tarball.mjs';
import { importTool } from '../support/tools.mjs';
import { checkExercise, fixtureFiles } from './expect.mjs';

// On or before 2026-04-26: the newest date this miniflare's workerd knows.
const COMPATIBILITY_DATE = '2026-04-01';

let project;
let mf;
let bundle;
let outcome;

function wasmAsCompiledModules(outdir) {
  return {
    name: 'wasm-as-compiled-modules',
    setup(build) {
      build.onResolve({ filter: /\.wasm$/ }, (args) => {
        const source = resolve(args.resolveDir, args.path);
        copyFileSync(source, join(outdir, basename(source)));
        return { path: `./${basename(source)}`, external: true };
      });
    },
  };
}

before(async () => {
  project = await installTarball('workerd', { packageJson: { type: 'module' }, files: await fixtureFiles('worker.mjs') });
  const esbuild = await importTool('esbuild');
  const outdir = join(project.dir, 'dist');
  mkdirSync(outdir);
  bundle = await esbuild.build({
    absWorkingDir: project.dir,
    entryPoints: ['worker.mjs'],
    outfile: join(outdir, 'worker.js'),
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    target: 'es2022',
    conditions: ['workerd', 'worker', 'browser'],
    mainFields: ['browser', 'module', 'main'],
    metafile: true,
    logLevel: 'silent',
    plugins: [wasmAsCompiledModules(outdir)],
  });
  const { Miniflare } = await importTool('miniflare');
  mf = new Miniflare({
    modules: true,
    scriptPath: join(outdir, 'worker.js'),
    modulesRoot: outdir,
    modulesRules: [
      { type: 'ESModule', include: ['**/*.js'] },
      { type: 'CompiledWasm', include: ['**/*.wasm'] },
    ],
    compatibilityDate: COMPATIBILITY_DATE,
  });
  outcome = (async () => {
    const res = await mf.dispatchFetch('http://fixture.example/');
    const text = await res.text();
    assert.equal(res.status, 200, `the Worker failed: ${text}`);
    return JSON.parse(text);
  })();
  outcome.catch(() => {});
});

after(async () => {
  await mf?.dispose();
  project?.remove();
});

test('a Worker bundled like wrangler picks the workerd entries and imports the .wasm as a module', () => {
  const inputs = Object.keys(bundle.metafile.inputs).filter((p) => p.includes('node_modules/callingbox-webhooks/'));
  const files = inputs.map((p) => p.replace(/.*node_modules\/callingbox-webhooks\//, '')).sort();
  assert.ok(files.includes('workerd.js') && files.includes('verify-workerd.js'), `bundled ${files.join(', ')}`);
  assert.ok(!files.some((f) => /^(verify-)?(node|browser)\.c?js$/.test(f)), `no Node or browser entry in a Worker bundle: ${files.join(', ')}`);
  const dist = readdirSync(join(project.dir, 'dist')).sort();
  assert.deepEqual(dist.filter((f) => f.endsWith('.wasm')), ['callingbox_webhooks_bg.wasm', 'callingbox_webhooks_verify_bg.wasm']);
});

test('a Worker in workerd imports the packed tarball by name and verifies a signature it signed', async () => {
  checkExercise((await outcome).main, '.', 'workerd');
});

test('a Worker in workerd imports callingbox-webhooks/verify and verifies a signature it signed', async () => {
  checkExercise((await outcome).verify, './verify', 'workerd');
});
