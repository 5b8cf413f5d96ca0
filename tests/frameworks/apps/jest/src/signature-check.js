// src/signature-check.js: the browser side of the app (a "test your signing
// secret" form): what a receiver would answer for a delivery.
const { constructEvent, WebhookVerificationError } = require('callingbox-webhooks/verify');

function checkDelivery({ body, signature }, secret) {
  try {
    const event = constructEvent(body, signature, secret);
    return { status: 200, id: event.id, type: event.type };
  } catch (err) {
    if (err instanceof WebhookVerificationError) return { status: 400, error: err.code };
    throw err;
  }
}

module.exports = { checkDelivery };
