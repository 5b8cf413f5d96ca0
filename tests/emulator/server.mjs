#!/usr/bin/env node
// The emulator moved into the package: this runs its CLI's `emulator`
// command (`callingbox-webhooks emulator`), for scripts written before the move.
process.argv.splice(2, 0, 'emulator');
await import('../../pkg-template/cli/index.js');
