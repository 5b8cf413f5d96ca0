// An empty ES module: the cold-start reference for what importing any ESM
// file costs the runtime, before a package does anything.
export const empty = true;
