// The package's .d.ts files, through TypeScript's own compiler API: the
// declarations wasm-bindgen and tsify generated ship as they are, and each
// entry's types file re-exports from them exactly what the entry exports at
// run time. Hand-written JavaScript that has no .d.ts of its own gets one
// from its JSDoc (`tsc --declaration --emitDeclarationOnly --allowJs`).
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import ts from 'typescript';

/** Program, checker and the module's exported symbols of one declaration file. */
function load(file) {
  const program = ts.createProgram([file], { noLib: true, noResolve: true, types: [] });
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(file);
  const module = checker.getSymbolAtLocation(source);
  // A file that exports nothing is no module to TypeScript: the verify
  // crate's glue declares nothing public (its `Verifier` is internal).
  if (!module && source.statements.length === 0) return { checker, exports: new Map() };
  if (!module) throw new Error(`${file} declares no module`);
  const exports = new Map(checker.getExportsOfModule(module).map((s) => [s.getName(), s]));
  return { checker, exports };
}

const isValue = (symbol) => (symbol.flags & ts.SymbolFlags.Value) !== 0;

/** The names a declaration file exports, as { values, types, classes } (a class is a value too). */
export function declaredNames(file) {
  const { exports } = load(file);
  const values = [...exports.values()].filter(isValue).map((s) => s.getName());
  const types = [...exports.values()].filter((s) => !isValue(s)).map((s) => s.getName());
  const classes = [...exports.values()].filter((s) => (s.flags & ts.SymbolFlags.Class) !== 0).map((s) => s.getName());
  return { values: values.sort(), types: types.sort(), classes: classes.sort() };
}

/** The declarations' source text by name, to compare two generated files. */
export function declarationTexts(file) {
  const { exports } = load(file);
  return new Map([...exports].map(([name, s]) => [name, (s.declarations ?? []).map((d) => d.getText()).join('\n')]));
}

/**
 * The type-only declarations (interfaces, type aliases) of `file` that the
 * declarations of `names` use, directly or through each other: the types a
 * user of those values meets. A type-only name in `names` is itself included.
 */
export function typesUsedBy(file, names) {
  const { checker, exports } = load(file);
  const found = new Set();
  const visit = (node) => {
    const reference = ts.isTypeReferenceNode(node) ? node.typeName : ts.isExpressionWithTypeArguments(node) ? node.expression : null;
    if (reference) {
      const symbol = checker.getSymbolAtLocation(reference);
      const name = symbol?.getName();
      if (symbol && exports.get(name) === symbol && !isValue(symbol) && !found.has(name)) {
        found.add(name);
        for (const declaration of symbol.declarations ?? []) visit(declaration);
      }
    }
    ts.forEachChild(node, visit);
  };
  for (const name of names) {
    const symbol = exports.get(name);
    if (!symbol) throw new Error(`${file} does not declare ${name}`);
    if (!isValue(symbol)) found.add(name);
    for (const declaration of symbol.declarations ?? []) visit(declaration);
  }
  return [...found].sort();
}

/** Globals only a browser's lib (dom) declares: the shipped declarations must not name them. */
const DOM_ONLY_GLOBALS = ['WebAssembly', 'BufferSource', 'RequestInfo'];

/**
 * The generated declarations `text` without wasm-bindgen's loader API (the
 * default export `__wbg_init`, `initSync` and their types `InitInput`,
 * `InitOutput`, `SyncInitInput`), which no entry exports: every entry
 * initialises itself. Those declarations name `WebAssembly`, `BufferSource`
 * and `RequestInfo`, which only the dom lib declares, so a Node project
 * (`lib: ["es2022"]`, `types: ["node"]`) with skipLibCheck off failed to
 * compile against the package. Everything else is kept as generated; the
 * build fails if a DOM-only global is still named.
 */
export function withoutLoaderApi(text, file) {
  const loader = new Set(['initSync', 'InitInput', 'InitOutput', 'SyncInitInput']);
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const isLoader = (statement) => {
    const modifiers = ts.canHaveModifiers(statement) ? (ts.getModifiers(statement) ?? []) : [];
    if (modifiers.some((m) => m.kind === ts.SyntaxKind.DefaultKeyword)) return true;
    return modifiers.some((m) => m.kind === ts.SyntaxKind.ExportKeyword) && loader.has(statement.name?.text);
  };
  const kept = withoutStatements(text, source, isLoader).trimEnd() + '\n';
  const named = new Set();
  (function visit(node) {
    if (ts.isIdentifier(node) && DOM_ONLY_GLOBALS.includes(node.text)) named.add(node.text);
    ts.forEachChild(node, visit);
  })(ts.createSourceFile(file, kept, ts.ScriptTarget.Latest, true));
  if (named.size) throw new Error(`${file} still names ${[...named].join(', ')}, which only the dom lib declares`);
  return kept;
}

/**
 * Writes `<name>.d.ts` and `<name>.d.cts` into `out`: `values` and `types`
 * re-exported from the generated declarations `glueTypes` (shipped beside
 * them as .d.ts and .d.cts), the verification functions from
 * `verification.types` (see declareVerification), and the error classes from
 * errors.d.ts.
 */
export function writeEntryTypes(out, name, { glueTypes, values, types, verification, description }) {
  const glue = basename(glueTypes).replace(/\.d\.ts$/, '');
  const own = basename(verification.types).replace(/\.d\.ts$/, '');
  for (const [extension, js] of [['.d.ts', '.js'], ['.d.cts', '.cjs']]) {
    const lines = [
      `// ${description}`,
      `// Generated by .ci/assemble-pkg.mjs: what this entry exports, re-exported from`,
      `// ${glue}.d.ts (wasm-bindgen's and tsify's output, as generated), ${own}.d.ts`,
      `// (tsc's, from the JSDoc of pkg-template/internal/verify.js) and errors.d.ts.`,
      `export { ${values.join(', ')} } from './${glue}${js}';`,
      ...(types.length ? [`export type { ${types.join(', ')} } from './${glue}${js}';`] : []),
      `export { ${verification.values.join(', ')} } from './${own}${js}';`,
      ...(verification.typeNames.length ? [`export type { ${verification.typeNames.join(', ')} } from './${own}${js}';`] : []),
      `export * from './errors${js}';`,
      '',
      '// wasm-bindgen declares `[Symbol.dispose]()` on its classes; this keeps them',
      '// valid in projects whose `lib` predates esnext.disposable (the same',
      '// declaration as TypeScript\'s own, which it merges with where present).',
      'declare global {',
      '  interface SymbolConstructor {',
      '    readonly dispose: unique symbol;',
      '  }',
      '}',
      '',
    ];
    writeFileSync(join(out, `${name}${extension}`), lines.join('\n'));
  }
}

/**
 * Writes a .d.ts beside every hand-written JavaScript file in `files` (paths
 * inside `out`) from its JSDoc. `tsc` resolves the package's own name
 * (self-reference) through out/package.json, so run this after the entries'
 * types are written.
 */
export function declareJavaScript(out, files, tsc) {
  if (files.length === 0) return;
  execFileSync(
    tsc,
    [
      '--declaration', '--emitDeclarationOnly', '--allowJs', '--skipLibCheck',
      '--module', 'nodenext', '--moduleResolution', 'nodenext', '--target', 'es2022',
      '--lib', 'es2022,dom', '--rootDir', out, '--outDir', out,
      ...files.map((f) => join(out, f)),
    ],
    { cwd: out, stdio: 'inherit' },
  );
}

/** The types verify.js stands in for with JSDoc typedefs: tsify generates them from the Rust models. */
const GENERATED_TYPES = ['WebhookEvent'];

/**
 * Writes verification.d.ts and .d.cts into `out`: the declarations tsc
 * generates from the JSDoc of pkg-template/internal/verify.js (type-checked
 * on the way with `--checkJs --strict`: a JSDoc type that does not hold fails
 * the build), less what is not public: `bindVerify`, which only the entries
 * call, and the file's stand-in for `WebhookEvent`, imported instead from the
 * declarations tsify generated from the Rust model (`glueTypes`). Returns
 * the .d.ts's `path` and the glue's types it `imports`.
 */
export function declareVerification({ template, out, tsc, glueTypes }) {
  const outDir = join(out, '..', 'verification-types');
  execFileSync(
    tsc,
    [
      '--allowJs', '--checkJs', '--strict', '--declaration', '--emitDeclarationOnly', '--skipLibCheck',
      '--module', 'nodenext', '--moduleResolution', 'nodenext', '--target', 'es2022', '--lib', 'es2024,dom',
      '--outDir', outDir, join(template, 'internal/verify.js'),
    ],
    { stdio: 'inherit' },
  );
  const file = join(outDir, 'verify.d.ts');
  const text = readFileSync(file, 'utf8');
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const internal = (statement) =>
    ts.isExportDeclaration(statement) || (ts.isTypeAliasDeclaration(statement) && GENERATED_TYPES.includes(statement.name.text));
  const kept = withoutStatements(text, source, internal).trim() + '\n';
  const glue = basename(glueTypes).replace(/\.d\.ts$/, '');
  const header = '// Generated by .ci/assemble-pkg.mjs with tsc from the JSDoc of pkg-template/internal/verify.js.\n';
  for (const [extension, js] of [['.d.ts', '.js'], ['.d.cts', '.cjs']]) {
    const imports = `import type { ${GENERATED_TYPES.join(', ')} } from './${glue}${js}';`;
    writeFileSync(join(out, `verification${extension}`), `${header}${imports}\n\n${kept}`);
  }
  return { path: join(out, 'verification.d.ts'), imports: GENERATED_TYPES };
}

/**
 * `text` without the top-level statements of its parsed `source` for which
 * `drop` is true (each with its leading comments); the rest as it is.
 */
function withoutStatements(text, source, drop) {
  let kept = '';
  let from = 0;
  for (const statement of source.statements.filter(drop)) {
    kept += text.slice(from, statement.getFullStart());
    from = statement.getEnd();
  }
  return `${kept}${text.slice(from)}`;
}
