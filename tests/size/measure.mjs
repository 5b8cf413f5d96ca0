// Measures what each package entry costs to ship: the entry file plus every
// package file it pulls in (the wasm-bindgen glue, errors.js, the .wasm), raw,
// gzip and brotli, and the npm tarball. Shared by tests/size/budget.test.mjs
// (which checks the budgets in tests/size/budgets.json) and the benchmark
// (bench/, which prints the same numbers).
//
// An entry's files are found by following the relative file names its text
// mentions ('./errors.js', new URL('callingbox_webhooks_bg.wasm', ...),
// import wasm from './x.wasm'), recursively, keeping those that exist in the
// package. So the numbers follow the build: a new module the glue imports is
// counted without editing this file.
//
// gzip is level 9 and brotli quality 11, each file compressed on its own (the
// files are fetched, or read from disk, one by one) and the sizes added up.
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

export const ROOT = new URL('../..', import.meta.url).pathname;
export const PKG_DIR = join(ROOT, 'pkg');
// SIZE_BUDGETS=other.json points the check at another budget file (to try one out).
export const BUDGETS_PATH = process.env.SIZE_BUDGETS || join(ROOT, 'tests/size/budgets.json');

export function readBudgets(path = BUDGETS_PATH) {
  return JSON.parse(readFileSync(path, 'utf8'));
}

const FILE_REF = /['"`](?:\.\/)?([A-Za-z0-9_.-]+\.(?:m?js|cjs|wasm))['"`]/g;

/** The package files one entry loads, the entry first. */
export function entryFiles(pkgDir, entry) {
  const seen = new Set();
  const visit = (file) => {
    if (seen.has(file)) return;
    seen.add(file);
    if (file.endsWith('.wasm')) return;
    const text = readFileSync(join(pkgDir, file), 'utf8');
    for (const [, name] of text.matchAll(FILE_REF)) {
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
  const js = files.filter((f) => !f.file.endsWith('.wasm'));
  const wasm = files.filter((f) => f.file.endsWith('.wasm'));
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
  const unpacked = readdirSync(pkgDir)
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
