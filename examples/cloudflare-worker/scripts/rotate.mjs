// Rotates an endpoint's signing secret and prints the new one. CallingBox
// signs with it from now on, so give it to the Worker at once, with the old
// one beside it until the change has rolled out:
//
//   NEW=$(CALLINGBOX_API_KEY=sk_live_... node scripts/rotate.mjs <endpoint id>)
//   echo "$NEW,$OLD" | npx wrangler secret put CALLINGBOX_WEBHOOK_SECRET
//   # later: echo "$NEW" | npx wrangler secret put CALLINGBOX_WEBHOOK_SECRET
import { CallingBox } from 'callingbox-webhooks';

const [id] = process.argv.slice(2);
if (!id) {
  console.error('usage: node scripts/rotate.mjs <endpoint id>');
  process.exit(2);
}
const client = new CallingBox({}); // the API key comes from CALLINGBOX_API_KEY
const endpoint = await client.webhookEndpoints.rotateSecret(id);
console.error(`rotated the signing secret of webhook endpoint ${endpoint.id}`);
console.log(endpoint.signing_secret);
