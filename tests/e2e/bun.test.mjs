// The Bun example (examples/bun, Bun.serve) under the bun binary from tests/node_modules.
import { startBun } from './lib/receivers.mjs';
import { receiverSuite } from './lib/scenario.mjs';

receiverSuite({
  name: 'The Bun example (Bun.serve)',
  example: 'bun',
  start: startBun,
  durableDedupe: false,
});
