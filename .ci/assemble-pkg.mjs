// Assembles pkg/ (the npm package) from pkg-template/ and the two wasm-pack
// outputs: build/full (default features) and build/verify (--no-default-features).
//
// Both flavours share one set of entry templates (node.js, workerd.js,
// browser.js) and one errors.js; the verify flavour's entries are the same
// files pointed at the verify glue. Each flavour ships exactly one .wasm that
// all its runtime entries load; the glue itself is bundled into each entry
// (and not shipped on its own).
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
// The build tools live with the other dev dependencies in tests/.
const { buildSync, transformSync } = createRequire(join(root, 'tests/package.json'))('esbuild');

// The shipped glue and errors.js are minified (their documentation lives in
// the .d.ts files): about 3 KiB gzip less for every entry.
const minify = (code) => transformSync(code, { minify: true, format: 'esm', target: 'es2020', legalComments: 'none' }).code;
const template = join(root, 'pkg-template');
// binaryen from tests/node_modules (the version setup installs), else PATH,
// with the wasm features Cargo.toml enables for wasm-pack's own wasm-opt run.
const localWasmOpt = join(root, 'tests/node_modules/.bin/wasm-opt');
const wasmOpt = existsSync(localWasmOpt) ? localWasmOpt : 'wasm-opt';
const wasmOptFeatures = [...readFileSync(join(root, 'Cargo.toml'), 'utf8').matchAll(/"(--enable-[a-z-]+)"/g)].map((m) => m[1]);
// Assembled beside pkg/ and swapped in at the end, so a test importing pkg/
// never sees a half-written package.
const finalOut = join(root, 'pkg');
const out = join(root, 'build/pkg.next');

const FLAVOURS = [
  { glue: 'callingbox_webhooks', from: 'build/full', entryPrefix: '', types: 'index' },
  { glue: 'callingbox_webhooks_verify', from: 'build/verify', entryPrefix: 'verify-', types: 'verify', borrowTypesFrom: 'index' },
];
const ENTRIES = ['node.js', 'workerd.js', 'browser.js'];
// Rust exports that only the glue's own JS calls (see verify-request.js).
const GLUE_INTERNALS = ['verifyRequestStart'];
const verifyRequestJs = readFileSync(join(template, 'verify-request.js'), 'utf8');

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
for (const file of ['package.json', 'README.md']) cpSync(join(template, file), join(out, file));
writeFileSync(join(out, 'errors.js'), minify(readFileSync(join(template, 'errors.js'), 'utf8')));
cpSync(join(root, 'LICENSE'), join(out, 'LICENSE'));
const errorTypes = readFileSync(join(template, 'errors.d.ts'), 'utf8');
const errorNames = await publicNames(join(out, 'errors.js'), ['createError']);

const declarationsByName = {};
for (const flavour of FLAVOURS) {
  const src = join(root, flavour.from);
  if (!existsSync(join(src, `${flavour.glue}.js`))) throw new Error(`missing ${flavour.from}/${flavour.glue}.js: run wasm-pack first (make build)`);

  // The glue imports errors.js as a wasm-bindgen snippet; point it at the one
  // shared copy so that every entry sees the same error classes.
  const glue = readFileSync(join(src, `${flavour.glue}.js`), 'utf8');
  const snippetImport = /(['"])\.\/snippets\/[^'"]+\/pkg-template\/errors\.js\1/g;
  // Its `@ts-self-types` comment names a .d.ts that is not shipped (the
  // public types are index.d.ts / verify.d.ts, which leave out the loader).
  const selfTypes = /^\/\* @ts-self-types="[^"]*" \*\/\n/;
  const shortGlue = minifyWasmNames(glue, join(src, `${flavour.glue}_bg.wasm`), join(out, `${flavour.glue}_bg.wasm`));
  // verifyRequest's asynchronous half, appended so that it sees the Rust
  // exports it calls and costs no module of its own.
  const withContinuation = `${shortGlue.replace(snippetImport, "'./errors.js'").replace(selfTypes, '')}\n${verifyRequestJs}`;
  writeFileSync(join(out, `${flavour.glue}.js`), minify(withContinuation));

  // The templates say `export * from` the glue and errors.js; the package
  // exports name the public functions and classes instead, leaving out the
  // loader internals (initSync, createError, GLUE_INTERNALS) that `export *`
  // would leak.
  const reexports = {
    [`./${flavour.glue}.js`]: await publicNames(join(out, `${flavour.glue}.js`), ['default', 'initSync', ...GLUE_INTERNALS]),
    './errors.js': errorNames,
  };
  for (const entry of ENTRIES) {
    let text = readFileSync(join(template, entry), 'utf8').replaceAll('callingbox_webhooks', flavour.glue);
    for (const [module, names] of Object.entries(reexports)) {
      const star = `export * from '${module}';`;
      if (!text.includes(star)) throw new Error(`${entry} must contain: ${star}`);
      text = text.replace(star, names.length ? `export {\n  ${names.join(',\n  ')},\n} from '${module}';` : '');
    }
    // Each entry ships as one module with the glue bundled in: one file
    // less to fetch and compress, and the loader code that runtime does not
    // use (the async init and its fetch and streaming paths in the Node and
    // workerd entries, initSync in the browser one) is left out. The verify
    // entries are about 0.7 KiB gzip smaller for it (browser 0.3). errors.js
    // stays shared, so that every entry throws the same error classes.
    buildSync({
      stdin: { contents: text, resolveDir: out, sourcefile: `pkg-template/${entry}` },
      outfile: join(out, flavour.entryPrefix + entry),
      bundle: true,
      format: 'esm',
      minify: true,
      // The browser entry's top-level await is ES2022.
      target: entry === 'browser.js' ? 'es2022' : 'es2020',
      external: ['./errors.js', '*.wasm', 'node:*'],
      legalComments: 'none',
      logLevel: 'warning',
    });
  }
  buildSync({
    entryPoints: [join(out, `${flavour.entryPrefix}node.js`)],
    outfile: join(out, `${flavour.entryPrefix}node.cjs`),
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    // Its parts come minified; this minifies the CommonJS wrapper around them.
    minify: true,
    legalComments: 'none',
    inject: [join(root, '.ci/cjs-import-meta.js')],
    define: { 'import.meta.url': 'importMetaUrl' },
    logLevel: 'warning',
  });
  // Every entry carries the glue now; shipping it too would only add a file
  // nothing loads.
  rmSync(join(out, `${flavour.glue}.js`));

  // Public types: the generated glue types without the init functions (each
  // entry initialises itself), plus the error classes. The .d.cts copy is
  // self-contained so that CommonJS consumers never resolve ESM types.
  const glueTypes = readFileSync(join(src, `${flavour.glue}.d.ts`), 'utf8');
  const cut = glueTypes.indexOf('export type InitInput');
  // `[Symbol.dispose]()` is left out: declaring it breaks consumers whose
  // `lib` predates esnext.disposable (the method still exists at run time).
  const classTypes = (cut >= 0 ? glueTypes.slice(0, cut) : glueTypes).replace(/^\s*\[Symbol\.dispose\]\(\): void;\n/gm, '');
  // The verify-only build is no_std and has no tsify (see src/lib.rs): the
  // event types it returns are taken from the full build's declarations,
  // which tsify generated from the same Rust types.
  declarationsByName[flavour.types] = declarations(classTypes);
  const borrowed = flavour.borrowTypesFrom
    ? borrowedDeclarations(classTypes, declarationsByName[flavour.types], declarationsByName[flavour.borrowTypesFrom])
    : '';
  const publicTypes = `${classTypes.trimEnd()}\n\n${borrowed}${errorTypes}`;
  writeFileSync(join(out, `${flavour.types}.d.ts`), publicTypes);
  writeFileSync(join(out, `${flavour.types}.d.cts`), publicTypes);
}

/**
 * Renames the wasm's imports and exports to one or two letters (binaryen's
 * minify pass) and the glue's references to them to match. wasm-bindgen
 * names imports like `__wbg_get_bb8b6b35041e00c9`: the hashes do not
 * compress, and each name is in both the .wasm and the glue (about 1.5 KiB
 * gzip per verify entry). Each import must be exactly one key of the
 * glue's imports object, and afterwards the glue may read no export under
 * an old name: else the build fails rather than ship a glue that no longer
 * matches its wasm.
 */
function minifyWasmNames(glue, wasmIn, wasmOut) {
  const mapping = JSON.parse(
    execFileSync(wasmOpt, [...wasmOptFeatures, '--minify-imports-and-exports-and-modules', wasmIn, '-o', wasmOut], { encoding: 'utf8' }),
  );
  const fail = (why) => {
    throw new Error(`minifying the wasm names of ${wasmIn}: ${why}`);
  };
  const modules = new Set(WebAssembly.Module.imports(new WebAssembly.Module(readFileSync(wasmOut))).map((i) => i.module));
  if (modules.size > 1) fail(`imports come from several modules (${[...modules]})`);
  const [minifiedModule] = modules;
  const escape = (name) => name.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  let text = glue;
  const replaceOnce = (pattern, replacement, what) => {
    const regex = new RegExp(pattern, 'g');
    if ((text.match(regex) ?? []).length !== 1) fail(`${what} is not found exactly once in the glue`);
    text = text.replace(regex, () => replacement);
  };
  for (const [, base, to] of mapping.imports) replaceOnce(`(?<=\\n\\s+)${escape(base)}(?=: function\\()`, to, `the import ${base}`);
  for (const from of new Set(mapping.imports.map(([module]) => module))) {
    replaceOnce(`"${escape(from)}"(?=: import0,)`, `"${minifiedModule}"`, `the imports object's key "${from}"`);
  }
  for (const [name, to] of mapping.exports) text = text.replace(new RegExp(`\\bwasm\\.${escape(name)}\\b`, 'g'), () => `wasm.${to}`);
  const minifiedExports = new Set(mapping.exports.map(([, to]) => to));
  const stale = [...text.matchAll(/\bwasm\.([\w$]+)/g)].map((m) => m[1]).filter((name) => !minifiedExports.has(name));
  if (stale.length) fail(`the glue reads exports the wasm no longer has: ${[...new Set(stale)]}`);
  if (/\bwasm\[/.test(text)) fail('the glue reads an export by a computed name');
  return text;
}

/** Top-level `export` declarations of a .d.ts (with their doc comments), by name. */
function declarations(text) {
  const found = new Map();
  let comment = [];
  let current = null;
  let depth = 0;
  for (const line of text.split('\n')) {
    if (current) {
      current.lines.push(line);
      depth += (line.match(/{/g) ?? []).length - (line.match(/}/g) ?? []).length;
      if (depth <= 0 && (line.startsWith('}') || line.trimEnd().endsWith(';'))) current = null;
      continue;
    }
    const declared = /^export (?:declare )?(?:interface|type|class|function|const|enum) ([A-Za-z0-9_$]+)/.exec(line);
    if (declared) {
      current = { lines: [...comment, line] };
      found.set(declared[1], current);
      depth = (line.match(/{/g) ?? []).length - (line.match(/}/g) ?? []).length;
      if (depth <= 0 && line.trimEnd().endsWith(';')) current = null;
      comment = [];
    } else if (line.startsWith('/**') || (comment.length && !comment.at(-1).includes('*/'))) {
      comment.push(line);
    } else if (line.trim() !== '') {
      // A doc comment belongs to the declaration after it, blank lines allowed.
      comment = [];
    }
  }
  return new Map([...found].map(([name, { lines }]) => [name, lines.join('\n')]));
}

/** The declarations of `donor` that `text` uses but does not declare (`own`), with what they use in turn. */
function borrowedDeclarations(text, own, donor) {
  const wanted = new Set();
  const visit = (source) => {
    const code = source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, '');
    for (const name of code.match(/[A-Za-z_$][A-Za-z0-9_$]*/g) ?? []) {
      if (donor.has(name) && !own.has(name) && !wanted.has(name)) {
        // Only types can be borrowed: a class or function must exist at run time.
        if (!/^export (?:interface|type) /m.test(donor.get(name))) throw new Error(`verify types use ${name}, which is not a type`);
        wanted.add(name);
        visit(donor.get(name));
      }
    }
  };
  visit(text);
  return [...wanted].map((name) => `${donor.get(name)}\n\n`).join('');
}

async function publicNames(modulePath, internal) {
  return Object.keys(await import(modulePath)).filter((name) => !internal.includes(name)).sort();
}

const previous = join(root, 'build/pkg.previous');
rmSync(previous, { recursive: true, force: true });
if (existsSync(finalOut)) renameSync(finalOut, previous);
renameSync(out, finalOut);
console.log(`assembled pkg/: ${readdirSync(finalOut).sort().join(' ')}`);
