// The esbuild builds of the package's JavaScript: each entry template of
// pkg-template/ bundled with its flavour's wasm-bindgen glue, which is used
// exactly as wasm-bindgen generated it. Everything here goes through
// esbuild's public options: a resolver plugin for the `#…` specifiers the
// templates import, `inject` for TextEncoder/TextDecoder (and for
// `import.meta.url` in CommonJS), `define` for the package version, and the
// metafile to learn what a module exports.
import * as esbuild from 'esbuild';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** What every file of the package is built with. */
const COMMON = { minify: true, legalComments: 'none', logLevel: 'warning', target: 'es2020', metafile: true };

/**
 * The runtime files each flavour ships, by template. `errors` is the one
 * error module the file imports, of its own module kind: ES modules import
 * errors.js, CommonJS files require errors.cjs (the two copies share one set
 * of classes per program: see pkg-template/errors.js).
 * `textCodec`: the file may run where TextEncoder/TextDecoder are missing
 * (jsdom resolves `browser` + `require` to node.cjs; old browsers), so it
 * carries the fallback of pkg-template/internal/text-codec.js (about 0.5 KiB
 * gzip); workerd, the Edge Runtime and Deno always have both.
 */
export const ENTRIES = [
  { template: 'node.js', file: 'node.js', format: 'esm', errors: './errors.js', textCodec: true },
  { template: 'node.js', file: 'node.cjs', format: 'cjs', errors: './errors.cjs', textCodec: true },
  { template: 'workerd.js', file: 'workerd.js', format: 'esm', errors: './errors.js', textCodec: false },
  { template: 'edge-light.js', file: 'edge-light.js', format: 'esm', errors: './errors.js', textCodec: false },
  { template: 'deno.js', file: 'deno.js', format: 'esm', errors: './errors.js', textCodec: false },
  { template: 'browser.js', file: 'browser.js', format: 'esm', errors: './errors.js', textCodec: true },
];
export const ENTRY_TEMPLATES = [...new Set(ENTRIES.map((e) => e.template))];

/** wasm-bindgen's loader API: each entry initialises itself, so none re-exports these. */
export const LOADER_NAMES = ['default', 'initSync'];

/** Builds errors.js (ESM) and errors.cjs from pkg-template/errors.js; returns the public class names. */
export async function buildErrors(template, out) {
  // errors.js names each class itself (`err.constructor.name` and
  // util.inspect show `BadRequestError`, not a minified letter), so no
  // keepNames: it would name every internal function too.
  // The version names the registry both copies share (see errors.js).
  const { version } = JSON.parse(readFileSync(join(template, 'package.json'), 'utf8'));
  const define = { CALLINGBOX_WEBHOOKS_VERSION: JSON.stringify(version) };
  const options = { ...COMMON, define, entryPoints: [join(template, 'errors.js')], bundle: true, platform: 'neutral' };
  const esm = await esbuild.build({ ...options, format: 'esm', outfile: join(out, 'errors.js') });
  await esbuild.build({ ...options, format: 'cjs', platform: 'node', outfile: join(out, 'errors.cjs') });
  return exportsOf(esm.metafile).filter((name) => name !== 'createError');
}

/** The names a module exports at run time (esbuild follows its `export *`s). */
export async function moduleExports(path) {
  const result = await esbuild.build({
    entryPoints: [path],
    bundle: true,
    write: false,
    metafile: true,
    format: 'esm',
    platform: 'neutral',
    outdir: '/nonexistent',
    // The glue's snippet import and any module beside it are not needed to list its own exports.
    plugins: [{ name: 'no-imports', setup: (b) => b.onResolve({ filter: /^\./ }, (a) => (a.kind === 'entry-point' ? undefined : { path: a.path, external: true })) }],
    logLevel: 'silent',
  });
  return exportsOf(result.metafile);
}

function exportsOf(metafile) {
  const outputs = Object.values(metafile.outputs).filter((o) => o.entryPoint);
  if (outputs.length !== 1) throw new Error('expected one esbuild output');
  return [...outputs[0].exports].sort();
}

/**
 * Bundles one entry of one flavour into `out`. `flavour` carries the glue's
 * path, the shipped .wasm and base64 module names, its public names (what
 * #api re-exports; `guardedNames`, its classes), the verification function
 * names (#verification) and the error class names. Resolves { exports, inputs }:
 * the entry's export names at run time and the pkg-template files bundled in.
 */
export async function buildEntry({ template, out, flavour, entry, errorNames, injects }) {
  const cjs = entry.format === 'cjs';
  const result = await esbuild.build({
    ...COMMON,
    entryPoints: [join(template, entry.template)],
    outfile: join(out, flavour.prefix + entry.file),
    bundle: true,
    format: entry.format,
    platform: cjs ? 'node' : 'neutral',
    external: ['node:*'],
    inject: [...(entry.textCodec ? [injects.textCodec] : []), ...(cjs ? [injects.importMetaUrl] : [])],
    define: cjs ? { 'import.meta.url': 'importMetaUrl' } : {},
    plugins: [flavourPlugin({ template, out, flavour, entry, errorNames })],
  });
  const inputs = Object.keys(result.metafile.inputs).filter((p) => !p.includes(':'));
  return { exports: exportsOf(result.metafile), inputs };
}

/**
 * Resolves the specifiers the entry templates share (see pkg-template/node.js):
 * #glue       the flavour's generated glue, bundled as it is
 * #api        the glue's public exports (declared in its .d.ts, minus the loader API),
 *             each under its own `name` (the minifier renamed the functions and classes:
 *             esbuild's keepNames would keep every internal name too, 0.7 KiB gzip more);
 *             its classes guarded by internal/live-objects.js
 * #verification  the same for the verification functions of internal/verify.js
 * #errors     the shared error classes: an import of the entry's errors module, kept external
 * #wasm-file  `new URL('./<flavour>_bg.wasm', import.meta.url)`, literal for file tracers;
 *             `wasmFileName`, the .wasm's name
 * #wasm-module[?module]  an import of the .wasm itself, kept external
 * #wasm-base64           an import of the flavour's base64 module, kept external
 * and points the glue's own import of errors.js (a wasm-bindgen snippet) at
 * the entry's errors module, so the glue and the entry throw the same classes.
 */
function flavourPlugin({ template, out, flavour, entry, errorNames }) {
  const named = (names, from, guarded = []) =>
    [
      `import { ${names.map((name) => (guarded.includes(name) ? `${name} as ${name}$glue` : name)).join(', ')} } from ${JSON.stringify(from)};`,
      ...(guarded.length ? [`import { guardClass } from ${JSON.stringify(join(template, 'internal/live-objects.js'))};`] : []),
      ...guarded.map((name) => `const ${name} = guardClass(${name}$glue, '${name}');`),
      `const named = (value, name) => Object.defineProperty(value, 'name', { value: name, configurable: true });`,
      ...names.filter((name) => !guarded.includes(name)).map((name) => `named(${name}, '${name}');`),
      `export { ${names.join(', ')} };`,
    ].join('\n');
  const virtual = {
    // The glue's classes (flavour.guardedNames) are exported guarded: their
    // methods refuse a `this` that is freed or was not made by the glue,
    // before the wasm sees its pointer (see internal/live-objects.js).
    '#api': named(flavour.publicNames, '#glue', flavour.guardedNames),
    '#verification': named(flavour.verificationNames, join(template, 'internal/verify.js')),
    '#errors': `export { ${errorNames.join(', ')} } from '${entry.errors}';`,
    // The URL stays a literal `new URL('./x.wasm', import.meta.url)`: file
    // tracers (Turbopack, @vercel/nft) follow exactly that form.
    '#wasm-file': `export default new URL('./${flavour.wasm}', import.meta.url);\nexport const wasmFileName = '${flavour.wasm}';`,
  };
  return {
    name: 'callingbox-flavour',
    setup(build) {
      build.onResolve({ filter: /^#glue$/ }, () => ({ path: flavour.gluePath }));
      build.onResolve({ filter: /^#(api|verification|errors|wasm-file)$/ }, (args) => ({ path: args.path, namespace: 'callingbox' }));
      build.onLoad({ filter: /.*/, namespace: 'callingbox' }, (args) => ({ contents: virtual[args.path], resolveDir: out, loader: 'js' }));
      build.onResolve({ filter: /^#wasm-module(\?module)?$/ }, (args) => ({
        path: `./${flavour.wasm}${args.path.slice('#wasm-module'.length)}`,
        external: true,
      }));
      build.onResolve({ filter: /^#wasm-base64$/ }, () => ({ path: `./${flavour.base64Module}`, external: true }));
      build.onResolve({ filter: /^\.\/errors\.c?js$/, namespace: 'callingbox' }, (args) => ({ path: args.path, external: true }));
      build.onResolve({ filter: /\/snippets\/[^/]+\/pkg-template\/errors\.js$/ }, () => ({ path: entry.errors, external: true }));
    },
  };
}
