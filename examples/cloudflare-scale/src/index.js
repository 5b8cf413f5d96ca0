// A Cloudflare Worker that receives CallingBox webhook deliveries at any
// scale and handles each event exactly once:
//
//   CallingBox --POST--> fetch: verify, ledger.accept --> Queue --> queue: lease, handleEvent, done
//                                                            \--(after max_retries)--> dead-letter queue
//
// The ledger is a Durable Object per event id (ledger.js); the rules it
// applies to every race are in ledger-rules.js; your work is handle-event.js.
import { handleEvent } from './handle-event.js';
import { createReceiver } from './receiver.js';

export { EventLedger } from './ledger.js';

export default createReceiver({ handleEvent });
