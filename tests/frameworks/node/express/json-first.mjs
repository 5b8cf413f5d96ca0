// An app that parses JSON for every route, webhooks included: keepRawBody
// keeps the raw bytes the signature covers. Without it the webhook routes
// answer 400 payload_not_raw (see /plain-json-first below).
import express from 'express';
import { keepRawBody, verifyWebhook } from 'callingbox-webhooks/express';

const secret = process.env.CALLINGBOX_WEBHOOK_SECRET;
if (!secret) throw new Error('Set CALLINGBOX_WEBHOOK_SECRET to the endpoint\'s signing secret (whsec_...)');
const port = Number(process.env.PORT ?? 3000);
const app = express();

app.use('/plain-json-first', express.json());
app.use(express.json({ verify: keepRawBody }));

app.post('/webhooks/callingbox', verifyWebhook({ secret }), (req, res) => {
  console.log(`${req.body.id}: ${req.body.type}`);
  res.json({ received: true });
});
app.post('/plain-json-first/webhooks/callingbox', verifyWebhook({ secret }), (req, res) => {
  console.log(`${req.body.id}: ${req.body.type}`);
  res.json({ received: true });
});

app.listen(port, () => console.log(`listening on port ${port}`));
