// src/main-commonjs.js: the same page written as CommonJS, which esbuild
// bundles by wrapping every module in a function (a top-level await in any
// of them would fail the build or the page). It requires both entries: the
// main one (with the API client) must resolve to its browser file too.
const { verifySignature } = require('callingbox-webhooks');
const { constructEvent, WebhookVerificationError } = require('callingbox-webhooks/verify');

const { secret, deliveries } = JSON.parse(decodeURIComponent(location.hash.slice(1)));
const verdicts = deliveries.map(({ body, signature }) => {
  try {
    const event = constructEvent(body, signature, secret);
    return { status: 200, id: event.id, type: event.type };
  } catch (err) {
    if (err instanceof WebhookVerificationError) return { status: 400, error: err.code };
    throw err;
  }
});
const mainEntry = deliveries.map(({ body, signature }) => verifySignature(body, signature, secret));
document.body.textContent = verdicts.map((v) => v.error ?? `${v.type} ${v.id}: valid`).join('\n');
window.__fixtureResult = { verdicts, mainEntry };
