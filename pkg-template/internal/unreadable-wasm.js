// The error of an entry that reads its .wasm from disk (node.js, deno.js)
// and cannot: which file, and what the caller can do about it.

/**
 * @param {URL} file the .wasm the entry tried to read
 * @param {string} advice what to do, for this runtime
 * @param {unknown} cause what the read threw
 */
export function unreadableWasm(file, advice, cause) {
  return new Error(`callingbox-webhooks: cannot read ${file.pathname}, the .wasm this entry loads from beside it. ${advice}`, { cause });
}
