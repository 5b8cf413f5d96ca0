// The router and the Node receivers as a user gets them: the packed tarball
// installed into a throwaway project, imported through the package's
// exports (ESM) or required (CommonJS).
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { installTarball } from '../support/tarball.mjs';

export const SECRET = 'whsec_router_unit_test_secret';

/** Installs the tarball; resolves { project, router, node, verify, require }. */
export async function installPackage(label) {
  const project = await installTarball(label, { packageJson: { type: 'module' } });
  writeFileSync(
    join(project.dir, 'entries.mjs'),
    [
      "export * as router from 'callingbox-webhooks/router';",
      "export * as node from 'callingbox-webhooks/node';",
      "export * as verify from 'callingbox-webhooks/verify';",
    ].join('\n'),
  );
  const entries = await import(pathToFileURL(join(project.dir, 'entries.mjs')).href);
  return { project, ...entries, require: createRequire(join(project.dir, 'package.json')) };
}

let counter = 0;

/** A verified-shape event of `type` with a fresh id. */
export function makeEvent(type = 'call.completed') {
  counter += 1;
  return {
    id: `evt_${process.pid}_${Date.now()}_${counter}`,
    type,
    created: Math.floor(Date.now() / 1000),
    api_version: '2026-04',
    data: { call: { id: `call_${counter}`, status: 'completed', result: { ok: true } } },
  };
}

/** A Fetch API Request delivering `event` (or a raw body), signed unless `signature` is null. */
export function deliveryRequest(verify, event, { secret = SECRET, signature, body, method = 'POST', headers = {} } = {}) {
  const payload = body ?? JSON.stringify(event);
  const signed = signature === undefined ? verify.signPayload(payload, secret) : signature;
  return new Request('http://receiver.test/webhooks', {
    method,
    headers: { 'content-type': 'application/json', ...(signed === null ? {} : { 'callingbox-signature': signed }), ...headers },
    body: method === 'GET' || method === 'HEAD' ? undefined : payload,
  });
}

/** A logger that records instead of printing. */
export function recordingLog() {
  const warnings = [];
  const errors = [];
  return {
    warnings,
    errors,
    log: { warn: (...data) => warnings.push(data.join(' ')), error: (...data) => errors.push(data) },
  };
}
