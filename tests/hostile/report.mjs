// Prints artifacts/hostile-corpus.json (written by corpus.test.mjs) as a
// markdown table: for each kind, what each export let escape or got wrong.
//   node tests/hostile/report.mjs [artifacts/hostile-corpus.json]
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO } from '../support/tools.mjs';
import { KINDS } from './lib/kinds.mjs';

const SHORT = {
  'caller-error-escaped': 'caller error',
  'runtime-error': 'RuntimeError',
  'range-error': 'RangeError',
  'foreign-error': 'other error',
  'secret-in-message': 'secret in message',
  'unnamed-type-error': 'unnamed TypeError',
  'unknown-code': 'unknown code',
  'accepted-invalid': 'accepted',
  'refused-valid': 'refused valid',
  'wrong-answer': 'WRONG ANSWER',
  'request-before-refusal': 'request sent',
  'wrong-request': 'wrong request',
  'reentrant-call-failed': 're-entry failed',
  hang: 'hang',
  harness: 'setup failed',
};
const COLUMNS = ['verifySignature', 'constructEvent', 'Webhooks.constructEvent', 'signPayload', 'verifyRequest'];

const reports = JSON.parse(readFileSync(process.argv[2] ?? join(REPO, 'artifacts', 'hostile-corpus.json'), 'utf8'));
const byKind = new Map(reports.map((r) => [r.kindId, r]));

function cell(sites, column) {
  const found = new Map();
  for (const site of sites) {
    const verification = /^(full|verify) /.test(site.site);
    const [entry, name] = verification ? site.site.split(' ') : ['client', site.site];
    if (column === 'client' ? entry !== 'client' : name !== column) continue;
    for (const v of site.violations) {
      const key = SHORT[v.category] ?? v.category;
      if (!found.has(key)) found.set(key, new Set());
      found.get(key).add(column === 'client' ? name.replace('webhookEndpoints.', 'ep.').replace('webhookDeliveries.', 'dl.') : entry);
    }
  }
  return [...found].map(([key, where]) => (column === 'client' ? `${key} (${[...where].join(', ')})` : `${key}${where.size === 1 ? ` (${[...where][0]} only)` : ''}`)).join('; ');
}

console.log(`| kind | instance | ${COLUMNS.join(' | ')} | client | first failure |`);
console.log(`|---|---|${COLUMNS.map(() => '---').join('|')}|---|---|`);
let passed = 0;
for (const kind of KINDS) {
  const report = byKind.get(kind.id);
  if (!report) {
    console.log(`| ${kind.id} | not run |`);
    continue;
  }
  if (report.timedOut || report.crashed) {
    console.log(`| ${kind.id} | ${report.timedOut ? `timed out (at ${report.at})` : 'worker crashed'} |`);
    continue;
  }
  const sites = report.sites;
  sites.broken = report.health.length > 0;
  // A kind that broke an instance used by earlier kinds ran again on a fresh one (report.shared): this is the fresh run.
  const instance = sites.broken ? 'BROKEN' : report.shared ? 'ok alone; finished off a used one' : 'ok';
  const cells = [...COLUMNS, 'client'].map((c) => cell(sites, c));
  if (!sites.broken && !report.shared && cells.every((c) => c === '')) passed++;
  // Sites are in the order they ran: the first violation is where the trouble started.
  const firstSite = sites.find((site) => site.violations.length);
  const first = firstSite ? `${firstSite.site} [${firstSite.violations[0].slot}]: ${firstSite.violations[0].example.replace(/\|/g, '/').slice(0, 90)}` : '';
  console.log(`| ${kind.id} | ${instance} | ${cells.join(' | ')} | ${first} |`);
}
console.log(`\n${passed} of ${KINDS.length} kinds pass.`);

// HOSTILE_ISOLATE=1 runs: each export alone on a fresh instance, and what it leaked.
const isolated = reports.filter((r) => r.isolated);
if (isolated.length) {
  console.log('\nEach export alone on a fresh instance (HOSTILE_ISOLATE=1): what escaped, and how many');
  console.log('leaking calls (one exception through verifySignature each) the instance then still');
  console.log('survived, against a fresh instance: the difference is what that export leaked.\n');
  console.log('| kind | export | calls | escaped | instance after | headroom after (fresh) | leaked |');
  console.log('|---|---|---:|---|---|---:|---:|');
  for (const report of isolated) {
    for (const run of report.isolated) {
      const site = run.sites?.[0];
      const escapes = (site?.violations ?? []).map((v) => `${SHORT[v.category] ?? v.category} ${v.count}`).join(', ');
      const entry = run.site.startsWith('verify ') ? 'verify' : 'full';
      const fresh = report.freshHeadroom?.[entry];
      const after = run.headroom?.[entry];
      const uncaught = run.health?.find((h) => h.startsWith('uncaught') || h.startsWith('unhandled'));
      const broken = run.health?.length ? `BROKEN${uncaught ? ` (${uncaught.replace(/\(HostileError\)|: thrown by the caller's own code/g, '').slice(0, 70)})` : ''}` : run.timedOut ? 'timed out' : run.crashed ? 'crashed' : 'ok';
      if (!escapes && broken === 'ok' && after === fresh) continue;
      console.log(`| ${report.kindId} | ${run.site} | ${site?.calls ?? '?'} | ${escapes} | ${broken} | ${after ?? '-'} (${fresh}) | ${after === undefined ? '-' : fresh - after} |`);
    }
  }
}
