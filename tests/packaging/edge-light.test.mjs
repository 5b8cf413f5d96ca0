// Vercel's Edge Runtime and Next.js edge routes, emulated as Next.js runs
// them: the app is bundled (esbuild) with Next's edge conditions
// (edge-light, worker, browser), an `import x from './y.wasm?module'` becomes
// a WebAssembly.Module compiled by the host, and the bundle runs in the Edge
// Runtime's own sandbox (@edge-runtime/vm, what `next dev` uses), another
// realm, where compiling wasm from bytes is refused. So the module's
// `instanceof WebAssembly.Module` is false there; edge-light.js must accept
// it anyway. The workerd entry, which does no such check, is the control.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { after, before, test } from 'node:test';
import { installTarball } from '../support/tarball.mjs';
import { importTool, toolsOf } from '../support/tools.mjs';
import { checkBoth, fixtureFiles } from './expect.mjs';

// What the Edge Runtime allows: no eval, no wasm compiled from bytes.
const EDGE_CODE_GENERATION = { strings: false, wasm: false };

let project;
let esbuild;
let EdgeVM;

before(async () => {
  project = await installTarball('edge-light', { packageJson: { type: 'module' }, files: await fixtureFiles('browser-app-nowait.mjs') });
  esbuild = await importTool('esbuild');
  ({ EdgeVM } = await toolsOf('tests/packaging').importTool('@edge-runtime/vm'));
});

after(() => project?.remove());

/**
 * Bundles the app with `conditions` and runs it in a fresh Edge Runtime
 * sandbox whose `.wasm` imports are Modules compiled in this (the host) realm.
 * Resolves { files, result } or rejects with what the sandbox threw.
 */
async function runInEdgeRuntime(conditions) {
  const hostModules = {};
  const wasmAsHostModule = {
    name: 'wasm-as-host-module',
    setup(build) {
      build.onResolve({ filter: /\.wasm(\?module)?$/ }, (args) => ({ path: join(args.resolveDir, args.path.replace(/\?module$/, '')), namespace: 'host-wasm' }));
      build.onLoad({ filter: /.*/, namespace: 'host-wasm' }, (args) => {
        const name = basename(args.path);
        hostModules[name] = new WebAssembly.Module(readFileSync(args.path));
        return { contents: `export default globalThis.__hostWasm[${JSON.stringify(name)}];`, loader: 'js' };
      });
    },
  };
  const bundle = await esbuild.build({
    absWorkingDir: project.dir,
    entryPoints: ['browser-app-nowait.mjs'],
    bundle: true,
    write: false,
    metafile: true,
    format: 'iife',
    platform: 'neutral',
    mainFields: ['module', 'main'],
    conditions,
    plugins: [wasmAsHostModule],
    logLevel: 'silent',
  });
  const files = Object.keys(bundle.metafile.inputs).filter((p) => p.includes('node_modules/callingbox-webhooks/')).map((p) => p.replace(/.*callingbox-webhooks\//, ''));
  const edge = new EdgeVM({
    codeGeneration: EDGE_CODE_GENERATION,
    extend: (context) => Object.assign(context, { __hostWasm: hostModules }),
  });
  edge.evaluate(bundle.outputFiles[0].text);
  for (let i = 0; i < 200 && edge.evaluate('globalThis.__fixtureResult === undefined && !globalThis.__fixtureErrors'); i++) {
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  const errors = edge.evaluate('globalThis.__fixtureErrors');
  if (errors) throw new Error(errors.join('\n'));
  return { files, result: JSON.parse(edge.evaluate('JSON.stringify(globalThis.__fixtureResult)')) };
}

test('the emulated Edge Runtime refuses to compile wasm from bytes and gets .wasm imports from another realm', () => {
  const edge = new EdgeVM({ codeGeneration: EDGE_CODE_GENERATION });
  const module = new WebAssembly.Module(Uint8Array.of(0, 97, 115, 109, 1, 0, 0, 0));
  edge.context.__module = module;
  assert.equal(edge.evaluate('__module instanceof WebAssembly.Module'), false);
  assert.throws(() => edge.evaluate('new WebAssembly.Module(new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0]))'), /code generation|disallowed|not allowed/i);
});

test('with Next.js edge conditions the edge-light entries load their ?module import in the Edge Runtime and verify signatures they signed', async () => {
  const { files, result } = await runInEdgeRuntime(['edge-light', 'worker', 'browser']);
  assert.ok(files.includes('edge-light.js') && files.includes('verify-edge-light.js'), `bundled ${files.join(', ')}`);
  checkBoth(result, 'Edge Runtime (edge-light)');
});

test('the workerd entries, which pass the module to wasm-bindgen unchecked, fail in the same sandbox (control)', async () => {
  // wasm-bindgen's initSync takes the other realm's Module for bytes and compiles it: refused.
  await assert.rejects(runInEdgeRuntime(['workerd', 'worker', 'browser']), /Wasm code generation disallowed|must be a buffer source/);
});
