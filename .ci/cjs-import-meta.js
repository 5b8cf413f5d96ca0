// Used only by the build: esbuild injects this into the CommonJS bundles
// (node.cjs) so that `import.meta.url` keeps pointing at the bundle's file.
export const importMetaUrl = require('node:url').pathToFileURL(__filename).href;
