// Bundles a Worker the way wrangler does: esbuild with the workerd, worker
// and browser export conditions, and every imported `.wasm` kept as its own
// module that workerd compiles at deploy time (a CompiledWasm module), since
// Workers refuse to compile wasm from bytes at run time.
import { readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';
import { devRequire } from './paths.mjs';
import { parseJsonc } from './util.mjs';

const esbuild = devRequire('esbuild');

/** The wrangler config of a Worker folder (wrangler.jsonc). */
export function readWranglerConfig(dir) {
  return parseJsonc(readFileSync(join(dir, 'wrangler.jsonc'), 'utf8'));
}

/**
 * @param {string} entry the Worker's main module
 * @param {{fullPackage?: boolean, minify?: boolean}} [options] fullPackage: resolve
 *   `callingbox-webhooks/verify` to the full entry instead (to compare sizes); minify as
 *   `wrangler deploy --minify` does (wrangler's default is not to)
 * @returns {Promise<{modules: object[], modulesRoot: string, sizes: object}>} Miniflare
 *   `modules` (the main module first) and the bundle's sizes in bytes
 */
export async function bundleWorker(entry, { fullPackage = false, minify = false } = {}) {
  const outdir = join(dirname(entry), 'dist');
  const plugins = fullPackage ? [{
    name: 'full-package',
    setup(build) {
      build.onResolve({ filter: /^callingbox-webhooks\/verify$/ }, (args) =>
        build.resolve('callingbox-webhooks', { kind: args.kind, resolveDir: args.resolveDir }));
    },
  }] : [];
  const result = await esbuild.build({
    entryPoints: [entry],
    outdir,
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'neutral',
    target: 'es2022',
    conditions: ['workerd', 'worker', 'browser'],
    mainFields: ['module', 'main'],
    // The .wasm stays a separate file; the import is rewritten to point at it.
    loader: { '.wasm': 'copy' },
    assetNames: '[name]-[hash]',
    minify,
    logLevel: 'silent',
    plugins,
  });
  const isWasm = (file) => file.path.endsWith('.wasm');
  const files = [...result.outputFiles].sort((a, b) => isWasm(a) - isWasm(b));
  const modules = files.map((file) => ({
    type: isWasm(file) ? 'CompiledWasm' : 'ESModule',
    path: file.path,
    contents: file.contents,
  }));
  const size = (list) => ({
    raw: list.reduce((sum, file) => sum + file.contents.length, 0),
    gzip: list.reduce((sum, file) => sum + gzipSync(file.contents, { level: 9 }).length, 0),
  });
  const sizes = {
    js: size(files.filter((file) => !isWasm(file))),
    wasm: size(files.filter(isWasm)),
    total: size(files),
    files: files.map((file) => ({ name: relative(outdir, file.path), bytes: file.contents.length })),
  };
  return { modules, modulesRoot: outdir, sizes };
}

export const kib = (bytes) => `${(bytes / 1024).toFixed(1)} KiB`;

export function describeSizes(sizes) {
  return `${kib(sizes.total.raw)} raw, ${kib(sizes.total.gzip)} gzip `
    + `(JS ${kib(sizes.js.raw)} / ${kib(sizes.js.gzip)} gzip, wasm ${kib(sizes.wasm.raw)} / ${kib(sizes.wasm.gzip)} gzip)`;
}
