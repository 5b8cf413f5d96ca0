// The Deno example (examples/deno, Deno.serve) under the deno binary from tests/node_modules.
import { startDeno } from './lib/receivers.mjs';
import { receiverSuite } from './lib/scenario.mjs';

receiverSuite({
  name: 'The Deno example (Deno.serve)',
  example: 'deno',
  start: startDeno,
  durableDedupe: false,
});
