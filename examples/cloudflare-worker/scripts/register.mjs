// Registers the Worker's URL as a CallingBox webhook endpoint and prints its
// signing secret (shown only this once), ready for `wrangler secret put`:
//
//   CALLINGBOX_API_KEY=sk_live_... node scripts/register.mjs https://callingbox-webhooks.<you>.workers.dev/ \
//     | npx wrangler secret put CALLINGBOX_WEBHOOK_SECRET
import { CallingBox } from 'callingbox-webhooks';

const [url] = process.argv.slice(2);
if (!url) {
  console.error('usage: node scripts/register.mjs <worker url>');
  process.exit(2);
}
const client = new CallingBox({}); // the API key comes from CALLINGBOX_API_KEY
const endpoint = await client.webhookEndpoints.create({ url, enabled_events: ['*'] });
console.error(`created webhook endpoint ${endpoint.id} for ${endpoint.url}`);
console.log(endpoint.signing_secret);
