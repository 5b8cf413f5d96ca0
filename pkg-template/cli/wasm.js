// The package's own signing and verification, from its verify-only wasm
// (the smaller of the two; it has signPayload and constructEvent). Imported
// by relative path, not by the package's name: the CLI and the testing entry
// are Node-only code, and a relative import always loads the Node loader
// that ships beside them, whatever export conditions the environment sets
// (Jest's and Vitest's jsdom environments resolve `browser`).

/** Loads `callingbox-webhooks/verify` (Node): signPayload, constructEvent, WebhookVerificationError... */
export const loadVerify = () => import('../verify-node.js');
