// Builds the package's receiver entries into an assembled package folder:
// callingbox-webhooks/router (pkg-template/router/) and callingbox-webhooks/
// node, /express, /fastify (pkg-template/node/). Called by assemble-pkg.mjs
// once the wasm entries and their .d.ts files are in place.
//
// - The ESM sources ship without comments and whitespace (their docs are in
//   the .d.ts files) but with their names, so that stack traces stay
//   readable: router/index.js 6.5 KB gzip as written, 2.7 KB so (2.6 KB with
//   the names minified too).
// - Each entry gets a CommonJS twin (.cjs), bundled by esbuild with the
//   package's own entries left as `require('callingbox-webhooks/...')`, so
//   CommonJS consumers share one verify module with their own requires.
// - The .d.ts files are generated from the JSDoc by `tsc --declaration
//   --emitDeclarationOnly --allowJs`, type-checking the sources under
//   --strict on the way (a JSDoc error fails the build). The event types come
//   from the verify entry's declarations (tsify), never written here. Each
//   .d.ts has a .d.cts twin for `require` consumers.
// - `express/` and `fastify/` hold only a package.json pointing at node/, for
//   TypeScript's node10 resolution (and other resolvers without `exports`).
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const ROOMS = ['router', 'node'];
/** Entries that get a .cjs twin, by package subpath. */
export const RECEIVER_ENTRIES = {
  './router': 'router/index',
  './node': 'node/index',
  './express': 'node/express',
  './fastify': 'node/fastify',
};
/** Subpaths that are not a folder of their own: a stub folder for node10 resolution. */
const STUBS = { express: 'node/express', fastify: 'node/fastify' };

/**
 * @param {string} root the repository
 * @param {string} out the package folder being assembled
 */
export function buildReceivers(root, out) {
  // The build tools of the repository root's package.json.
  const requireTool = createRequire(join(root, 'package.json'));
  const { buildSync, transformSync } = requireTool('esbuild');
  const compact = { minifyWhitespace: true, minifySyntax: true, legalComments: 'none', logLevel: 'warning' };
  const tsc = requireTool.resolve('typescript/bin/tsc');

  const sources = [];
  for (const room of ROOMS) {
    cpSync(join(root, 'pkg-template', room), join(out, room), { recursive: true, filter: (path) => !path.endsWith('.d.ts') });
    for (const file of readdirSync(join(out, room)).filter((f) => f.endsWith('.js'))) sources.push(`${room}/${file}`);
  }

  // Declarations first, from the commented sources.
  emitDeclarations(tsc, out, sources);
  for (const source of sources) {
    const path = join(out, source);
    writeFileSync(path, transformSync(readFileSync(path, 'utf8'), { ...compact, format: 'esm', target: 'es2022' }).code);
  }

  for (const entry of Object.values(RECEIVER_ENTRIES)) {
    buildSync({
      ...compact,
      entryPoints: [join(out, `${entry}.js`)],
      outfile: join(out, `${entry}.cjs`),
      bundle: true,
      format: 'cjs',
      platform: 'node',
      target: 'node20',
      external: ['callingbox-webhooks', 'callingbox-webhooks/*', 'node:*'],
      // An entry with a default export (the Fastify plugin) is that default
      // under require(), with its named exports as properties, as Fastify
      // plugins are: `app.register(require('callingbox-webhooks/fastify'))`.
      // Its .d.cts says so with `export =` (commonJsExportEquals).
      footer: hasDefaultExport(join(root, 'pkg-template', `${entry}.js`)) ? { js: 'module.exports=Object.assign(module.exports.default,module.exports);' } : undefined,
    });
  }

  for (const [folder, target] of Object.entries(STUBS)) {
    mkdirSync(join(out, folder), { recursive: true });
    const stub = { main: `../${target}.cjs`, types: `../${target}.d.cts` };
    writeFileSync(join(out, folder, 'package.json'), `${JSON.stringify(stub, null, 2)}\n`);
  }
}

/**
 * Generates (and type-checks) the .d.ts of `sources` beside them, each with a
 * .d.cts twin.
 * @param {string} tsc
 * @param {string} out
 * @param {string[]} sources
 */
function emitDeclarations(tsc, out, sources) {
  const config = {
    compilerOptions: {
      allowJs: true,
      checkJs: true,
      strict: true,
      declaration: true,
      emitDeclarationOnly: true,
      module: 'nodenext',
      moduleResolution: 'nodenext',
      target: 'es2022',
      lib: ['es2022', 'dom', 'dom.iterable'],
      types: [],
      skipLibCheck: false,
      skipDefaultLibCheck: true,
      rootDir: '.',
      outDir: '.',
    },
    files: sources,
  };
  const configPath = join(out, 'tsconfig.receivers.json');
  writeFileSync(configPath, JSON.stringify(config));
  try {
    execFileSync(process.execPath, [tsc, '-p', configPath, '--pretty', 'false'], { cwd: out, encoding: 'utf8', stdio: 'pipe' });
  } catch (error) {
    throw new Error(`tsc on the receiver entries failed:\n${error.stdout}${error.stderr}`);
  } finally {
    rmSync(configPath);
  }
  for (const source of sources) {
    const dts = join(out, source.replace(/\.js$/, '.d.ts'));
    // tsc leaves the JSDoc @typedef/@import blocks in place as comments,
    // besides turning them into documented types: drop the leftovers.
    const types = readFileSync(dts, 'utf8').replace(/^\/\*\*(?:(?!\*\/)[\s\S])*?@(?:typedef|import)\b[\s\S]*?\*\/\n/gm, '');
    writeFileSync(dts, types);
    // The CommonJS twin's relative imports name the CommonJS twins.
    const commonjs = commonJsExportEquals(types.replace(/(['"])(\.{1,2}\/[^'"]+)\.js\1/g, '$1$2.cjs$1'));
    writeFileSync(join(out, source.replace(/\.js$/, '.d.cts')), commonjs);
  }
}

/** @param {string} path */
function hasDefaultExport(path) {
  return /^export default /m.test(readFileSync(path, 'utf8'));
}

/**
 * The CommonJS declarations of a module whose default export is a function
 * (NAME): `export = NAME`, with NAME's namespace holding its types, NAME
 * itself and `default`, which is what its .cjs is at run time. Works for
 * `require()`, `import x = require()`, `import x from` (with or without
 * esModuleInterop) and `import { NAME } from`. Other modules pass unchanged.
 * @param {string} types
 */
function commonJsExportEquals(types) {
  const name = /^export default ([\w$]+);$/m.exec(types)?.[1];
  if (!name) return types;
  let text = types.replace(`export default ${name};\n`, '').replace(new RegExp(`^export function ${name.replace('$', '\\$')}\\(`, 'm'), `declare function ${name}(`);
  const typeNames = [...text.matchAll(/^export type ([\w$]+)/gm)].map((m) => m[1]);
  text = text.replace(/^export type /gm, 'type ');
  const left = /^export .*/m.exec(text);
  if (left) throw new Error(`cannot turn a module with \`${left[0]}\` into \`export = ${name}\``);
  return `${text}declare namespace ${name} {\n    export type { ${typeNames.join(', ')} };\n    export { ${name}, ${name} as default };\n}\nexport = ${name};\n`;
}
