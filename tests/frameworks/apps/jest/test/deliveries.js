// A signed, a tampered and an unsigned delivery of one call.completed event.
const { signPayload } = require('callingbox-webhooks');

const SECRET = 'whsec_jest_fixture_secret';

function deliveries() {
  const now = Math.floor(Date.now() / 1000);
  const event = { id: `evt_${now}_${Math.random().toString(36).slice(2)}`, type: 'call.completed', created: now, api_version: '2026-04', data: { call: { id: 'call_1', status: 'completed', duration_seconds: 42 } } };
  const body = JSON.stringify(event);
  const signature = signPayload(body, SECRET);
  return {
    event,
    signed: { body, signature },
    tampered: { body: body.replace('"duration_seconds":42', '"duration_seconds":43'), signature },
    unsigned: { body },
  };
}

module.exports = { SECRET, deliveries };
