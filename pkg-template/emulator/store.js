// In-memory state (endpoints and deliveries) with optional JSON persistence.
// Records keep a few internal fields (secret, raw body, attempt history,
// timer target in ms); the `*View` functions give the exact public objects.
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { newSigningSecret } from './util.js';

const STATE_VERSION = 1;

export const ENDPOINT_FIELDS = [
  'id', 'org_id', 'url', 'description', 'enabled_events', 'status', 'disabled_reason',
  'disabled_at', 'consecutive_failures', 'created_at', 'updated_at',
];

export const DELIVERY_FIELDS = [
  'id', 'org_id', 'endpoint_id', 'call_id', 'event_type', 'url', 'status', 'attempt_count',
  'manual_retry_count', 'next_attempt_at', 'last_error', 'last_response_status',
  'delivered_at', 'created_at', 'updated_at',
];

const pick = (record, fields) => Object.fromEntries(fields.map((f) => [f, record[f]]));

/** The public endpoint; `signing_secret` only when asked (create and rotate). */
export function endpointView(endpoint, { withSecret = false } = {}) {
  const view = pick(endpoint, ENDPOINT_FIELDS);
  return withSecret ? { signing_secret: endpoint.signing_secret, ...view } : view;
}

export const deliveryView = (delivery) => pick(delivery, DELIVERY_FIELDS);

/** The public delivery plus what only the emulator knows: the raw body and the attempt history. */
export const deliveryDetails = (delivery) => ({
  ...deliveryView(delivery),
  body: delivery.body,
  attempts: delivery.attempts.map((attempt) => ({ ...attempt })),
});

// Newest first; `seq` breaks ties between records created in the same second.
export const newestFirst = (a, b) => b.seq - a.seq;

export class Store {
  constructor({ stateFile = null, log = () => {} } = {}) {
    this.stateFile = stateFile;
    this.log = log;
    this.clear();
    // The org's default secret signs inline deliveries (endpoint_id null).
    // It survives reset, like the organisation itself.
    this.orgSecret = newSigningSecret();
  }

  clear() {
    this.endpoints = new Map();
    this.deliveries = new Map();
    this.seq = 0;
  }

  nextSeq() {
    this.seq += 1;
    return this.seq;
  }

  /** Loads the state file when there is one; a corrupt file is an error, never overwritten. */
  load() {
    if (!this.stateFile || !existsSync(this.stateFile)) return;
    let state;
    try {
      state = JSON.parse(readFileSync(this.stateFile, 'utf8'));
    } catch (error) {
      throw new Error(`cannot read state file ${this.stateFile}: ${error.message}`);
    }
    if (state?.version !== STATE_VERSION) {
      throw new Error(`state file ${this.stateFile} has unsupported version ${state?.version}`);
    }
    this.orgSecret = state.org_secret;
    this.seq = state.seq;
    this.endpoints = new Map(state.endpoints.map((e) => [e.id, e]));
    this.deliveries = new Map(state.deliveries.map((d) => [d.id, d]));
  }

  /** Writes the whole state atomically (temp file + rename); it holds secrets, so 0600. */
  save() {
    if (!this.stateFile) return;
    const state = {
      version: STATE_VERSION,
      org_secret: this.orgSecret,
      seq: this.seq,
      endpoints: [...this.endpoints.values()],
      deliveries: [...this.deliveries.values()],
    };
    const temp = `${this.stateFile}.${process.pid}.tmp`;
    writeFileSync(temp, JSON.stringify(state), { mode: 0o600 });
    renameSync(temp, this.stateFile);
  }

  /** Like save(), but a failing disk never takes the server down mid-request. */
  saveQuietly() {
    try {
      this.save();
    } catch (error) {
      this.log(`warning: could not write state file: ${error.message}`);
    }
  }
}
