// Type-checks a fixture's JavaScript against the types of what it installed
// (the framework's own, @types/*, and the package's .d.ts), with the tsc of
// tests/node_modules: `tsc --strict --checkJs`, as an editor would.
import assert from 'node:assert/strict';
import { runAllowingFailure } from '../../support/exec.mjs';
import { bin } from '../../support/tools.mjs';

export async function assertTypeChecks(dir, files, { types = ['node'] } = {}) {
  const args = ['--noEmit', '--allowJs', '--checkJs', '--strict', '--module', 'nodenext', '--moduleResolution', 'nodenext',
    '--target', 'es2022', '--skipLibCheck', '--types', types.join(','), '--pretty', 'false', ...files];
  const result = await runAllowingFailure(bin('tsc'), args, { cwd: dir, timeoutMs: 120_000 });
  assert.equal(result.code, 0, `tsc --strict --checkJs ${files.join(' ')}:\n${result.stdout}${result.stderr}`);
}
