// src/env.js: SvelteKit 3 declares its environment variables; the private
// ones are imported from $app/env/private and read when the app starts.
import { defineEnvVars } from '@sveltejs/kit/env';

export const variables = defineEnvVars({
  CALLINGBOX_WEBHOOK_SECRET: { description: 'The signing secret of the CallingBox webhook endpoint (whsec_...)' },
});
