// Assembles pkg/ (the npm package) from pkg-template/ and the two wasm-pack
// outputs: build/full (default features) and build/verify (--no-default-features).
//
// Both flavours share one set of entry templates (node.js, workerd.js,
// browser.js) and one errors.js; the verify flavour's entries are the same
// files pointed at the verify glue. Each flavour ships exactly one .wasm that
// all its runtime entries load.
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
// binaryen from tests/node_modules (the version setup installs), else PATH.
const localWasmOpt = join(root, 'tests/node_modules/.bin/wasm-opt');
// Assembled beside pkg/ and swapped in at the end, so a test importing pkg/
// never sees a half-written package.
const finalOut = join(root, 'pkg');
const out = join(root, 'build/pkg.next');

const FLAVOURS = [
  { glue: 'callingbox_webhooks', from: 'build/full', entryPrefix: '', types: 'index' },
  { glue: 'callingbox_webhooks_verify', from: 'build/verify', entryPrefix: 'verify-', types: 'verify', borrowTypesFrom: 'index' },
];
const ENTRIES = ['node.js', 'workerd.js', 'browser.js'];

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
  writeFileSync(join(out, `${flavour.glue}.js`), minify(shortGlue.replace(snippetImport, "'./errors.js'").replace(selfTypes, '')));

  // The templates say `export * from` the glue and errors.js; the package
  // exports name the public functions and classes instead, leaving out the
  // loader internals (initSync, createError) that `export *` would leak.
  const reexports = {
    [`./${flavour.glue}.js`]: await publicNames(join(out, `${flavour.glue}.js`), ['default', 'initSync']),
    './errors.js': errorNames,
  };
  for (const entry of ENTRIES) {
    let text = readFileSync(join(template, entry), 'utf8').replaceAll('callingbox_webhooks', flavour.glue);
    for (const [module, names] of Object.entries(reexports)) {
      const star = `export * from '${module}';`;
      if (!text.includes(star)) throw new Error(`${entry} must contain: ${star}`);
      text = text.replace(star, names.length ? `export {\n  ${names.join(',\n  ')},\n} from '${module}';` : '');
    }
    writeFileSync(join(out, flavour.entryPrefix + entry), text);
  }
  buildSync({
    entryPoints: [join(out, `${flavour.entryPrefix}node.js`)],
    outfile: join(out, `${flavour.entryPrefix}node.cjs`),
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    inject: [join(root, '.ci/cjs-import-meta.js')],
    define: { 'import.meta.url': 'importMetaUrl' },
    logLevel: 'warning',
  });

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
  const borrowed = flavour.borrowTypesFrom ? borrowedDeclarations(classTypes, declarationsByName[flavour.borrowTypesFrom]) : '';
  declarationsByName[flavour.types] = declarations(classTypes);
  const publicTypes = `${classTypes.trimEnd()}\n\n${borrowed}${errorTypes}`;
  writeFileSync(join(out, `${flavour.types}.d.ts`), publicTypes);
  writeFileSync(join(out, `${flavour.types}.d.cts`), publicTypes);
}

/**
 * Renames the wasm's imports and exports to one or two letters (binaryen's
 * minify pass) and the glue's references to them to match. wasm-bindgen
 * names imports like `__wbg_get_bb8b6b35041e00c9`: the hashes do not
 * compress, and each name is in both the .wasm and the glue (about 1.5 KiB
 * gzip per verify entry). Every rename must hit exactly one import key or
 * only `wasm.<name>` accesses, else the build fails rather than ship a
 * glue that no longer matches its wasm.
 */
function minifyWasmNames(glue, wasmIn, wasmOut) {
  const cargo = readFileSync(join(root, 'Cargo.toml'), 'utf8');
  const features = [...cargo.matchAll(/"(--enable-[a-z-]+)"/g)].map((m) => m[1]);
  const mapping = JSON.parse(
    execFileSync(existsSync(localWasmOpt) ? localWasmOpt : 'wasm-opt', [...features, '--minify-imports-and-exports-and-modules', wasmIn, '-o', wasmOut], { encoding: 'utf8' }),
  );
  const module = new WebAssembly.Module(readFileSync(wasmOut));
  const modules = new Set(WebAssembly.Module.imports(module).map((i) => i.module));
  const fail = (why) => {
    throw new Error(`minifying the wasm names of ${wasmIn}: ${why}`);
  };
  if (modules.size > 1) fail(`imports come from several modules (${[...modules]})`);
  const escape = (name) => name.replace(/[$]/g, '\\$&');
  let text = glue;
  for (const [from, base, to] of mapping.imports) {
    const key = new RegExp(`(\\n\\s+)${escape(base)}(: function\\()`, 'g');
    if ((text.match(key) ?? []).length !== 1) fail(`import ${base} is not exactly one key of the imports object`);
    text = text.replace(key, (_, indent, rest) => `${indent}${to}${rest}`);
    const module = new RegExp(`"${escape(from)}": import0,`);
    if (module.test(text)) text = text.replace(module, () => `"${[...modules][0]}": import0,`);
  }
  if (mapping.imports.length && text.includes(`: import0,`) && !text.includes(`"${[...modules][0]}": import0,`)) fail('the imports object is not keyed as expected');
  for (const [name, to] of mapping.exports) {
    const uses = new RegExp(`\\bwasm\\.${escape(name)}\\b`, 'g');
    const mentions = (text.match(new RegExp(`\\b${escape(name)}\\b`, 'g')) ?? []).length;
    const accesses = (text.match(uses) ?? []).length;
    // wasm-bindgen also names exported functions after the JS ones
    // (`verifySignature`): only the `wasm.` accesses are renamed.
    if (accesses === 0 && mentions > 0 && !/^[a-z]/i.test(name)) fail(`export ${name} is used other than as wasm.${name}`);
    text = text.replace(uses, () => `wasm.${to}`);
  }
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
    } else if (line.trim() === '') {
      if (comment.length && comment.at(-1).includes('*/')) continue;
    } else {
      comment = [];
    }
  }
  return new Map([...found].map(([name, { lines }]) => [name, lines.join('\n')]));
}

/** The declarations of `donor` that `text` uses but does not declare, with what they use in turn. */
function borrowedDeclarations(text, donor) {
  const own = declarations(text);
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
