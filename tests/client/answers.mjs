// API-shaped answers for the in-process client tests (hostile.test.mjs,
// wire.test.mjs): what the CallingBox API sends for an endpoint and a
// delivery, per its spec.

/** A signing secret as the API shows it on create and rotate. */
export const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';

/** A webhook endpoint object. */
export const endpoint = Object.freeze({
  id: 'ep_1',
  org_id: 'org_1',
  url: 'https://hooks.example.test/in',
  description: null,
  enabled_events: ['*'],
  status: 'enabled',
  disabled_reason: null,
  disabled_at: null,
  consecutive_failures: 0,
  created_at: '2026-01-01T00:00:00Z',
  updated_at: '2026-01-01T00:00:00Z',
});

/** A webhook delivery object. */
export const delivery = Object.freeze({
  id: 'dl_1',
  org_id: 'org_1',
  endpoint_id: 'ep_1',
  call_id: null,
  event_type: 'call.completed',
  url: 'https://hooks.example.test/in',
  status: 'pending',
  attempt_count: 1,
  manual_retry_count: 0,
  next_attempt_at: null,
  last_error: null,
  last_response_status: null,
  delivered_at: null,
  created_at: '2026-01-01T00:00:00Z',
  updated_at: '2026-01-01T00:00:00Z',
});
