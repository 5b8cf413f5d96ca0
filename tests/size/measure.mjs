// Measures what each package entry costs to ship: the entry file plus every
// package file it pulls in (the wasm-bindgen glue, errors.js, the .wasm), raw,
// gzip and brotli, and the npm tarball. Shared by tests/size/budget.test.mjs
// (which checks the budgets in tests/size/budgets.json) and the benchmark
// (bench/, which prints the same numbers).
//
// An entry's files are found by following the relative file names its text
// mentions ('./errors.cjs', new URL('callingbox_webhooks_bg.wasm', ...),
// import wasm from './x.wasm?module') and the package entries it imports by
// name ('callingbox-webhooks/verify', resolved with Node's conditions),
// recursively, keeping those that exist in the package. So the numbers
// follow the build: a new module the entry imports is counted without
// editing this file. A `<name>.wasm.js` module (the wasm inlined as base64,
// for the portable browser entries) counts as the entry's wasm.
//
// gzip is level 9 and brotli quality 11, each file compressed on its own (the
// files are fetched, or read from disk, one by one) and the sizes added up.
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { resolveExport } from '../support/tarball.mjs';

export const ROOT = new URL('../..', import.meta.url).pathname;
export const PKG_DIR = join(ROOT, 'pkg');
// SIZE_BUDGETS=other.json points the check at another budget file (to try one out).
export const BUDGETS_PATH = process.env.SIZE_BUDGETS || join(ROOT, 'tests/size/budgets.json');

export function readBudgets(path = BUDGETS_PATH) {
  return JSON.parse(readFileSync(path, 'utf8'));
}

const FILE_REF = /['"`](?:\.\/)?([A-Za-z0-9_.-]+\.(?:m?js|cjs|wasm))(?:\?[a-z]+)?['"`]/g;

/** A file that carries an entry's wasm: the .wasm itself or its base64 module. */
export const isWasm = (file) => /\.wasm(?:\.js)?$/.test(file);
// The package's own entries, imported by name (callingbox-webhooks/verify
// from the router and the Node receivers).
const SELF_REF = /(?:\bfrom|\bimport|\brequire\()\s*['"](callingbox-webhooks(?:\/[\w-]+)?)['"]/g;

/** The file a self-reference resolves to from `file`: the Node conditions of the file's format. */
function selfReference(pkgDir, file, specifier) {
  const manifest = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8'));
  if (specifier.split('/')[0] !== manifest.name) return null;
  const subpath = `.${specifier.slice(manifest.name.length)}`;
  const conditions = file.endsWith('.cjs') ? ['node', 'require'] : ['node', 'import'];
  return resolveExport(manifest, subpath, conditions).replace(/^\.\//, '');
}

/** The package files one entry loads, the entry first. */
export function entryFiles(pkgDir, entry) {
  const seen = new Set();
  const visit = (file) => {
    if (seen.has(file)) return;
    seen.add(file);
    if (isWasm(file)) return;
    const text = readFileSync(join(pkgDir, file), 'utf8');
    for (const [, specifier] of text.matchAll(SELF_REF)) {
      const target = selfReference(pkgDir, file, specifier);
      if (target) visit(target);
    }
    for (const [, ref] of text.matchAll(FILE_REF)) {
      // Relative to the file that names it (entries in folders, like router/).
      const name = join(dirname(file), ref);
      if (name !== file && existsSync(join(pkgDir, name)) && statSync(join(pkgDir, name)).isFile()) visit(name);
    }
  };
  if (!existsSync(join(pkgDir, entry))) throw new Error(`${join(pkgDir, entry)} does not exist: run \`make build\` first`);
  visit(entry);
  return [...seen];
}

export function fileSizes(path) {
  const bytes = readFileSync(path);
  return {
    raw: bytes.length,
    gzip: gzipSync(bytes, { level: 9 }).length,
    brotli: brotliCompressSync(bytes, {
      params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length },
    }).length,
  };
}

/** Raw, gzip and brotli bytes of one entry, in total and per file. */
export function measureEntry(pkgDir, entry) {
  const files = entryFiles(pkgDir, entry).map((file) => ({ file, ...fileSizes(join(pkgDir, file)) }));
  const sum = (key) => files.reduce((total, f) => total + f[key], 0);
  const js = files.filter((f) => !isWasm(f.file));
  const wasm = files.filter((f) => isWasm(f.file));
  return {
    entry,
    files,
    raw: sum('raw'),
    gzip: sum('gzip'),
    brotli: sum('brotli'),
    jsGzip: js.reduce((t, f) => t + f.gzip, 0),
    wasmGzip: wasm.reduce((t, f) => t + f.gzip, 0),
    wasmRaw: wasm.reduce((t, f) => t + f.raw, 0),
  };
}

/** The tarball `make build` packs (build/<name>-<version>.tgz) and the size of what it unpacks to. */
export function measureTarball(pkgDir = PKG_DIR, buildDir = join(pkgDir, '..', 'build')) {
  const { name, version } = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8'));
  const path = join(buildDir, `${name.replace(/^@/, '').replace('/', '-')}-${version}.tgz`);
  if (!existsSync(path)) throw new Error(`${path} does not exist: run \`make build\` first`);
  const unpacked = readdirSync(pkgDir, { recursive: true })
    .filter((f) => statSync(join(pkgDir, f)).isFile())
    .reduce((total, f) => total + statSync(join(pkgDir, f)).size, 0);
  return { file: basename(path), path, bytes: statSync(path).size, unpackedBytes: unpacked };
}

/** Every budgeted entry and the tarball, with each one's budget beside it. */
export function measureAll(pkgDir = PKG_DIR, budgets = readBudgets()) {
  const entries = [];
  for (const [flavour, spec] of Object.entries(budgets.flavours)) {
    for (const entry of spec.entries) {
      entries.push({ flavour, label: spec.label, maxGzipBytes: spec.maxGzipBytes, ...measureEntry(pkgDir, entry) });
    }
  }
  const tarball = { ...measureTarball(pkgDir), maxBytes: budgets.tarball.maxBytes };
  return { entries, tarball };
}

export const kib = (bytes) => `${(bytes / 1024).toFixed(1)} KiB`;
