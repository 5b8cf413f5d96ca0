// The emulator moved into the package (pkg-template/emulator/); this keeps
// imports written before the move working.
export { startEmulator } from '../../pkg-template/emulator/index.js';
