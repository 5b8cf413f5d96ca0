// Checks, in the test process, what fixtures/exercise.mjs reported from
// inside a runtime. The signature is recomputed here with node:crypto, so a
// runtime that signs wrongly (or a package that verifies anything) fails.
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { NOTE, PAYLOAD, SECRET } from './fixtures/exercise.mjs';

export { PAYLOAD, SECRET };

/** The exports every entry must have, and the loader internals none may leak. */
const REQUIRED = ['signPayload', 'verifySignature', 'constructEvent', 'verifyRequest', 'WebhookVerificationError', 'CallingBoxError', 'ValidationError'];
const INTERNAL = ['default', 'initSync', 'createError', '__wbg_init', 'memory'];
/** The HTTP client: in the main entry only (the verify-only build has none of it). */
const CLIENT_ONLY = ['CallingBox', 'createWebhookEndpoint'];

/** Asserts one exercise() report; `entry` is '.' or './verify' (for messages and the export rules). */
export function checkExercise(report, entry, runtime) {
  const where = `${runtime}, entry ${entry}`;
  assert.equal(typeof report, 'object', `${where}: no report`);
  const match = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(report.header);
  assert.ok(match, `${where}: signPayload returned ${JSON.stringify(report.header)}, not t=<seconds>,v1=<64 hex>`);
  assert.equal(Number(match[1]), report.timestamp, `${where}: the header's t is not the timestamp passed in`);
  const expected = createHmac('sha256', Buffer.from(SECRET, 'utf8')).update(`${match[1]}.`).update(Buffer.from(PAYLOAD, 'utf8')).digest('hex');
  assert.equal(match[2], expected, `${where}: v1 differs from HMAC-SHA256(secret, "t." + UTF-8 payload) computed by node:crypto`);

  assert.deepEqual(
    report.verdicts,
    { signed: true, signedBytes: true, tamperedBody: false, wrongSecret: false, forgedHeader: false },
    `${where}: verifySignature verdicts`,
  );
  const event = { id: 'evt_packaging_1', type: 'call.completed', note: NOTE };
  assert.deepEqual(report.constructEvent, event, `${where}: constructEvent of the signed payload`);
  assert.deepEqual(report.verifyRequest, event, `${where}: verifyRequest of a signed Request`);
  // Errors thrown from inside the wasm are instances of the classes the entry
  // exports (one shared errors.js), with the documented code.
  const rejected = (code) => ({
    threw: { isWebhookVerificationError: true, isCallingBoxError: true, isError: true, name: 'WebhookVerificationError', code },
  });
  assert.deepEqual(report.constructEventForged, rejected('no_matching_signature'), `${where}: constructEvent with a forged header`);
  assert.deepEqual(report.constructEventMissingHeader, rejected('missing_header'), `${where}: constructEvent without a header`);
  assert.deepEqual(report.verifyRequestTampered, rejected('no_matching_signature'), `${where}: verifyRequest of a tampered body`);
  assert.deepEqual(
    report.constructedError,
    {
      isWebhookVerificationError: true,
      isCallingBoxError: true,
      isError: true,
      name: 'WebhookVerificationError',
      code: 'missing_header',
      message: 'fixture message',
    },
    `${where}: new WebhookVerificationError(message, { code })`,
  );

  for (const name of REQUIRED) assert.ok(report.exportNames.includes(name), `${where}: missing export ${name} (has ${report.exportNames.join(', ')})`);
  for (const name of INTERNAL) assert.ok(!report.exportNames.includes(name), `${where}: leaks loader internal ${name}`);
  assert.ok(!report.exportNames.some((n) => n.startsWith('__wbg')), `${where}: leaks wasm-bindgen internals`);
  for (const name of CLIENT_ONLY) {
    if (entry === './verify') assert.ok(!report.exportNames.includes(name), `${where}: the verify-only entry exports ${name}`);
    else assert.ok(report.exportNames.includes(name), `${where}: missing export ${name}`);
  }
}

/** Checks an exerciseBoth() report. */
export function checkBoth(report, runtime) {
  checkExercise(report.main, '.', runtime);
  checkExercise(report.verify, './verify', runtime);
}

/** Parses the JSON a fixture script printed on its `RESULT ` line. */
export function parseResult(stdout, what) {
  const line = stdout.split('\n').findLast((l) => l.startsWith('RESULT '));
  assert.ok(line, `${what} printed no RESULT line; stdout:\n${stdout}`);
  return JSON.parse(line.slice('RESULT '.length));
}

/** The fixture scripts and the exercise module, as `files` for installTarball(). */
export async function fixtureFiles(...names) {
  const { readFile } = await import('node:fs/promises');
  const files = {};
  for (const name of ['exercise.mjs', ...names]) files[name] = await readFile(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
  return files;
}
