'use client';
// app/signature-check/signature-check.js: a client component that checks
// CallingBox deliveries in the browser (a dashboard's "test your signing
// secret" tool, say). The secret and the deliveries come from the URL
// fragment, which the browser never sends to a server.
import { useEffect, useState } from 'react';
import { constructEvent, WebhookVerificationError } from 'callingbox-webhooks/verify';

/** What a receiver would answer: 200 with the event, or 400 with the reason. */
function checkDelivery({ body, signature }, secret) {
  try {
    const event = constructEvent(body, signature, secret);
    return { status: 200, id: event.id, type: event.type };
  } catch (err) {
    if (err instanceof WebhookVerificationError) return { status: 400, error: err.code };
    throw err;
  }
}

export default function SignatureCheck() {
  const [verdicts, setVerdicts] = useState(null);
  useEffect(() => {
    const { secret, deliveries } = JSON.parse(decodeURIComponent(location.hash.slice(1)));
    const checked = deliveries.map((delivery) => checkDelivery(delivery, secret));
    setVerdicts(checked);
    window.__fixtureResult = checked;
  }, []);
  if (!verdicts) return <p>Checking…</p>;
  return (
    <ul>
      {verdicts.map((verdict, i) => (
        <li key={i}>{verdict.status === 200 ? `${verdict.type} ${verdict.id}: valid` : `rejected: ${verdict.error}`}</li>
      ))}
    </ul>
  );
}
