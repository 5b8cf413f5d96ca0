// The package's Node-only rooms: emulator/ (the local CallingBox), cli/ (the
// `callingbox-webhooks` bin) and testing/ (`callingbox-webhooks/testing`).
// They ship as written, plus what the testing entry needs built: a CommonJS
// copy (for Jest without ESM) and its types, generated from its JSDoc by tsc.
// Called by assemble-pkg.mjs once both flavours' entries are in `out`.
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import { join } from 'node:path';

export const ROOMS = ['emulator', 'cli', 'testing'];

export function shipRooms({ root, template, out }) {
  const { buildSync } = createRequire(join(root, 'package.json'))('esbuild');
  for (const room of ROOMS) cpSync(join(template, room), join(out, room), { recursive: true });

  // testing/index.cjs: the ESM entry bundled with the emulator into one
  // CommonJS file that requires the CommonJS verify loader beside it.
  buildSync({
    entryPoints: [join(out, 'testing/index.js')],
    outfile: join(out, 'testing/index.cjs'),
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    // Whitespace and syntax only: stack traces from a failing test keep their names.
    minifyWhitespace: true,
    minifySyntax: true,
    legalComments: 'none',
    logLevel: 'warning',
    external: ['../verify-node.js'],
  });

  const cjsPath = join(out, 'testing/index.cjs');
  const cjs = readFileSync(cjsPath, 'utf8');
  const esmLoader = /require\((['"])\.\.\/verify-node\.js\1\)/g;
  if ((cjs.match(esmLoader) ?? []).length !== 1) throw new Error('testing/index.cjs: expected exactly one require("../verify-node.js") to point at the CommonJS loader');
  writeFileSync(cjsPath, cjs.replace(esmLoader, 'require("../verify-node.cjs")'));

  // testing/index.d.ts (and .d.cts) from the JSDoc. Its types name the
  // package's own (`import('callingbox-webhooks').WebhookEvent`), which tsc
  // resolves through out/package.json's self-reference.
  const tsc = join(root, 'node_modules/.bin/tsc');
  const types = mkdtempSync(join(tmpdir(), 'callingbox-testing-types-'));
  try {
    execFileSync(tsc, [
      '--allowJs', '--declaration', '--emitDeclarationOnly', '--skipLibCheck',
      '--module', 'nodenext', '--moduleResolution', 'nodenext', '--target', 'es2022',
      '--rootDir', out, '--outDir', types, join(out, 'testing/index.js'),
    ], { stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    // JS files are not type-checked here (checkJs is off), so any diagnostic is about the declarations.
    throw new Error(`tsc could not generate testing/index.d.ts:\n${error.stdout}${error.stderr}`);
  }
  const declarations = join(types, 'testing/index.d.ts');
  if (!existsSync(declarations)) throw new Error('tsc wrote no testing/index.d.ts');
  // tsc keeps each JSDoc @typedef block above the declarations as well as on
  // the type it becomes: the first copy is only noise.
  const text = readFileSync(declarations, 'utf8').replace(/\/\*\*(?:(?!\*\/)[\s\S])*?@typedef(?:(?!\*\/)[\s\S])*?\*\/\n/g, '');
  // Only the package's public types may be named: the emulator's modules ship no .d.ts.
  if (/from ['"]\.|import\(['"]\./.test(text)) throw new Error(`testing/index.d.ts refers to a relative module:\n${text}`);
  writeFileSync(join(out, 'testing/index.d.ts'), text);
  writeFileSync(join(out, 'testing/index.d.cts'), text);
  rmSync(types, { recursive: true, force: true });
}
