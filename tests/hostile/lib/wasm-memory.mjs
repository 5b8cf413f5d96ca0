// Sees the package's WebAssembly memory from outside: the package does not
// expose it, so this wraps WebAssembly.Instance, WebAssembly.instantiate and
// WebAssembly.Memory before the package is imported and keeps every memory
// an instance exports (or is given). Import this before the package.
//
// Why not process.memoryUsage(): measured on Node 20, wasm memory is not in
// `arrayBuffers` (a 32 MiB verification moved it by 0), and RSS mixes it
// with the JS heap and freed pages; both are printed beside it, not judged.

const seen = [];
const label = { current: 'unlabelled' };

function collect(instance, imports) {
  for (const value of Object.values(instance.exports)) if (value instanceof WebAssembly.Memory) seen.push({ label: label.current, memory: value });
  for (const module of Object.values(imports ?? {})) {
    for (const value of Object.values(module ?? {})) if (value instanceof WebAssembly.Memory) seen.push({ label: label.current, memory: value });
  }
}

const OriginalInstance = WebAssembly.Instance;
WebAssembly.Instance = new Proxy(OriginalInstance, {
  construct(target, args, newTarget) {
    const instance = Reflect.construct(target, args, newTarget === WebAssembly.Instance ? target : newTarget);
    collect(instance, args[1]);
    return instance;
  },
});
const originalInstantiate = WebAssembly.instantiate;
WebAssembly.instantiate = async function instantiate(source, imports) {
  const result = await originalInstantiate.call(this, source, imports);
  collect(result.instance ?? result, imports);
  return result;
};

/**
 * Imports `specifier` and resolves { module, memory() } where memory() is
 * the byte size of the wasm memory that import created. Throws when the
 * import created none we can see.
 */
export async function importWithMemory(name, specifier) {
  const before = seen.length;
  label.current = name;
  const module = await import(specifier);
  const mine = seen.slice(before);
  if (mine.length === 0) throw new Error(`importing ${name} created no WebAssembly memory this hook can see (did the package stop using WebAssembly.Instance/instantiate?)`);
  const { memory } = mine[0];
  return { module, memory: () => memory.buffer.byteLength };
}

export const MiB = 1024 * 1024;

/** Resident set size and V8 heap, for printing beside the wasm memory. */
export function processMemory() {
  const { rss, heapUsed, arrayBuffers } = process.memoryUsage();
  return { rss, heapUsed, arrayBuffers };
}
