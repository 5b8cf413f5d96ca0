// The command line itself, from the packed tarball: --help and --version,
// exit status 2 with a usage line for every kind of bad command line, no key
// or secret echoed back, colours only for a terminal without NO_COLOR.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { runAllowingFailure } from '../support/exec.mjs';
import { cli, installCli } from './support.mjs';

let project;

before(async () => {
  project = await installCli('cli-usage');
  writeFileSync(join(project.dir, 'body.json'), '{"id":"e1","type":"call.completed","created":1,"api_version":"2026-04","data":{"call":{"id":"c1"}}}');
  writeFileSync(join(project.dir, 'list.json'), '[1, 2]');
});

after(() => project?.remove());

test('--help lists the commands and the two commands of local development; --version prints the package version', async () => {
  const help = await cli(project, ['--help']);
  assert.equal(help.code, 0);
  for (const command of ['listen', 'trigger', 'emulator', 'sign', 'verify']) assert.match(help.stdout, new RegExp(`^  ${command} +\\S`, 'm'));
  assert.match(help.stdout, /npx callingbox-webhooks listen --forward-to http:\/\/127\.0\.0\.1:3000\/webhooks\n {2}npx callingbox-webhooks trigger call\.completed/);
  const version = await cli(project, ['--version']);
  const { version: shipped } = JSON.parse(readFileSync(join(project.packageDir, 'package.json'), 'utf8'));
  assert.equal(version.stdout, `${shipped}\n`);
});

test('every command has its own --help, exit status 0', async () => {
  for (const command of ['listen', 'trigger', 'emulator', 'sign', 'verify']) {
    const result = await cli(project, [command, '--help'], { bin: true });
    assert.equal(result.code, 0, command);
    assert.match(result.stdout, new RegExp(`^Usage: callingbox-webhooks ${command}`), command);
    assert.equal(result.stderr, '');
  }
});

// [command line, what stderr must say]; each must exit 2, print nothing on stdout, and end with a usage line.
const BAD = [
  [['lisen'], /unknown command: lisen/],
  [['--bogus'], /unknown flag: --bogus/],
  [['listen'], /--forward-to <url> is required/],
  [['listen', '--forward-to', 'localhost:3000'], /--forward-to must be an http:\/\/ or https:\/\/ URL, got localhost:/],
  [['listen', '--forward-to', 'http://127.0.0.1:3000', '--port', '70000'], /--port must be an integer from 0 to 65535, got 70000/],
  [['listen', '--forward-to', 'http://127.0.0.1:3000', '--events', 'call.done'], /--events takes event types .* got call\.done/],
  [['listen', '--forward-to', 'http://127.0.0.1:3000', '--api-key', 'pk_live_0123456789'], /--api-key must start with sk_/],
  [['listen', '--forward-to'], /--forward-to needs a value/],
  [['listen', '--forward-to', 'http://127.0.0.1:3000', '--json=yes'], /--json takes no value/],
  [['trigger'], /which event\?/],
  [['trigger', 'call.done'], /unknown event type call\.done: one of call\.queued, /],
  [['trigger', 'call'], /`trigger call` needs --outcome \(completed, failed, no_answer, busy, canceled\)/],
  [['trigger', 'call', '--outcome', 'hung_up'], /--outcome must be one of/],
  [['trigger', 'call.busy', '--outcome', 'busy'], /--outcome goes with `trigger call`/],
  [['trigger', 'call.busy', 'call.failed'], /unexpected argument: call\.failed/],
  [['trigger', 'call.busy', '--to', 'http://127.0.0.1:3000'], /--secret is required \(or set CALLINGBOX_WEBHOOK_SECRET\)/],
  [['trigger', 'call.busy', '--secret', 'whsec_abc'], /--secret goes with --to/],
  [['trigger', 'call.busy', '--to', 'http://127.0.0.1:3000', '--port', '4010', '--secret', 'whsec_abc'], /give one of them/],
  [['trigger', 'call.busy', '--call', 'missing.json'], /--call missing\.json: ENOENT/],
  [['trigger', 'call.busy', '--call', 'list.json'], /--call list\.json: must hold a JSON object/],
  [['sign'], /--secret is required/],
  [['sign', '--secret', 'whsec_a', '--timestamp', 'yesterday'], /--timestamp must be unix seconds/],
  [['sign', '--secret', 'whsec_a', '--secret', 'whsec_b'], /sign takes one --secret/],
  [['sign', '--secret', '--json'], /--secret needs a value/],
  [['verify', '--secret', 'whsec_a'], /--header <the CallingBox-Signature value> is required/],
  [['verify', '--secret', 'whsec_a', '--header', 't=1,v1=00', '--tolerance', '-5'], /--tolerance must be a whole number of seconds/],
  [['emulator', '--port', 'abc'], /--port must be an integer from 0 to 65535, got abc/],
  [['emulator', '--api-key', 'pk_live_0123456789'], /--api-key must start with sk_/],
];

test('a bad command line exits 2 with what was wrong and a usage line on stderr, and nothing on stdout', async () => {
  const results = await Promise.all(BAD.map(([args]) => cli(project, args, { bin: true, env: { CALLINGBOX_WEBHOOK_SECRET: '' }, input: '{}' })));
  results.forEach((result, i) => {
    const [args, says] = BAD[i];
    const what = args.join(' ');
    assert.equal(result.code, 2, `${what}: exit ${result.code}\n${result.stderr}`);
    assert.equal(result.stdout, '', what);
    assert.match(result.stderr, says, what);
    assert.match(result.stderr, /^usage: callingbox-webhooks /m, `${what}: a usage line`);
    assert.doesNotMatch(result.stderr, /pk_live_0123456789|whsec_[ab]\b/, `${what}: a key or secret echoed back`);
  });
});

test('the same goes through npx: exit status 2 and the usage line', async () => {
  const result = await cli(project, ['trigger', 'call.done']);
  assert.equal(result.code, 2);
  assert.match(result.stderr, /^usage: callingbox-webhooks trigger /m);
});

test('sign and verify refuse a terminal on stdin: the body must be piped in', async () => {
  // `script` gives the command a real terminal on stdin and stdout.
  const result = await runAllowingFailure('script', ['-qec', 'node_modules/.bin/callingbox-webhooks sign --secret whsec_x', '/dev/null'], { cwd: project.dir });
  assert.equal(result.code, 2);
  assert.match(result.stdout, /pipe the raw body on stdin/);
});

test('colours go to a terminal only, and never with NO_COLOR set', async () => {
  const verify = "node_modules/.bin/callingbox-webhooks verify --secret whsec_x --header 't=1,v1=00' --tolerance 0 < body.json";
  const env = { NO_COLOR: undefined, FORCE_COLOR: undefined, TERM: 'xterm' };
  const terminal = await runAllowingFailure('script', ['-qec', verify, '/dev/null'], { cwd: project.dir, env });
  assert.match(terminal.stdout, /\x1b\[31minvalid\x1b\[0m: no_matching_signature/, 'red on a terminal');
  const noColor = await runAllowingFailure('script', ['-qec', verify, '/dev/null'], { cwd: project.dir, env: { ...env, NO_COLOR: '1' } });
  assert.match(noColor.stdout, /^invalid: no_matching_signature/m);
  assert.doesNotMatch(noColor.stdout, /\x1b\[/, 'NO_COLOR: no escape codes');
  const piped = await runAllowingFailure('sh', ['-c', verify], { cwd: project.dir, env });
  assert.equal(piped.stdout.split('\n')[0], 'invalid: no_matching_signature', 'piped: plain text');
});
